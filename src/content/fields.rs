//! What each front-matter field is for, in plain words, written once: `cairn new` writes these
//! as comments above the fields of a new page (src/new.rs), and the web editor shows them as the
//! labels and hints of its form (src/editor/). A unit test keeps the table equal to the fields
//! the loader reads, kind by kind, so a new field cannot be added without its description.

use crate::config::Config;

/// One field: its name in front matter, a short label and a sentence saying what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldDoc {
    /// The key in front matter; a nested field is `parent.child` (`links.url`).
    pub(crate) name: &'static str,
    /// A short label, as a form shows it above the input.
    pub(crate) label: &'static str,
    /// What the field is for, in plain words, with no YAML in it (the web editor shows it).
    /// `{summary_max_words}` stands for the library's limit ([`FieldDoc::hint`] fills it in).
    hint: &'static str,
    /// How to write the value in YAML, for `cairn new` only (empty when the hint says it all).
    pub(crate) yaml: &'static str,
}

impl FieldDoc {
    /// The hint, with the library's limits filled in.
    pub(crate) fn hint(&self, config: &Config) -> String {
        self.hint.replace(
            "{summary_max_words}",
            &config.check.summary_max_words.to_string(),
        )
    }

    /// The comment `cairn new` writes above the field: the hint, then the YAML note, in lines
    /// of at most about 100 characters.
    pub(crate) fn comment(&self, config: &Config) -> String {
        let text = format!("{} {}", self.hint(config), self.yaml);
        let mut out = String::new();
        let mut line = String::from("#");
        for word in text.split_whitespace() {
            if line.len() + 1 + word.len() > 100 && line.len() > 1 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
        out
    }
}

const fn doc(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    yaml: &'static str,
) -> FieldDoc {
    FieldDoc {
        name,
        label,
        hint,
        yaml,
    }
}

/// The kinds of page whose front matter is described here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    CaseStudy,
    ToolkitSection,
    PrincipleSet,
    Form,
    Glossary,
    /// The home page, a section introduction (`_index.md`) or a plain page.
    Page,
}

impl Kind {
    #[cfg(test)]
    pub(crate) const ALL: [Kind; 6] = [
        Kind::CaseStudy,
        Kind::ToolkitSection,
        Kind::PrincipleSet,
        Kind::Form,
        Kind::Glossary,
        Kind::Page,
    ];

    /// Every field of the kind, nested ones after their parent, in the order of the structs.
    pub(crate) fn fields(self) -> &'static [FieldDoc] {
        match self {
            Kind::CaseStudy => CASE_STUDY,
            Kind::ToolkitSection => TOOLKIT_SECTION,
            Kind::PrincipleSet => PRINCIPLE_SET,
            Kind::Form => FORM,
            Kind::Glossary => GLOSSARY,
            Kind::Page => PAGE,
        }
    }

    /// The description of the field `name` (`links.url` for a nested one).
    ///
    /// # Panics
    /// When the table has no such field: a programming error the unit tests catch.
    pub(crate) fn field(self, name: &str) -> &'static FieldDoc {
        self.fields()
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no description of `{name}` in src/content/fields.rs"))
    }
}

/// `aliases`, which every kind has.
const ALIASES: FieldDoc = doc(
    "aliases",
    "Old addresses",
    "Addresses the page had before, on an old site or before it was renamed, starting from the site's root, such as /projects/garden.html. Each keeps working: readers who follow it are sent here.",
    "e.g. [\"/projects/garden.html\", \"/old-stories/garden/\"].",
);

/// `extra`, which every kind has.
const EXTRA: FieldDoc = doc(
    "extra",
    "Extra data",
    "Any other facts the library keeps about the page, such as a funder or a project code. Cairn does not check them; templates and the open data can use them.",
    "A mapping, e.g. { funder: \"Lottery\", project_code: \"P-17\" }.",
);

/// `image` and its parts, which case studies, toolkit sections and pages have.
const IMAGE: FieldDoc = doc(
    "image",
    "Picture",
    "A picture shown with it: a JPEG, PNG or WebP file beside this page, made into sizes for every screen.",
    "{ src: \"garden.jpg\", alt: \"Residents planting the community garden\", credit: \"Jo Bloggs\" }, or null for none.",
);
const IMAGE_SRC: FieldDoc = doc(
    "image.src",
    "Picture file",
    "The picture's file, beside this page.",
    "",
);
const IMAGE_ALT: FieldDoc = doc(
    "image.alt",
    "What the picture shows",
    "What the picture shows, in a sentence, for readers who cannot see it.",
    "",
);
const IMAGE_CREDIT: FieldDoc = doc(
    "image.credit",
    "Credit",
    "Who took or made the picture.",
    "",
);
const IMAGE_LICENCE: FieldDoc = doc(
    "image.licence",
    "Picture licence",
    "The picture's licence, when it differs from the page's.",
    "",
);

const CASE_STUDY: &[FieldDoc] = &[
    doc(
        "title",
        "Title",
        "The name of the story, as readers will see it.",
        "",
    ),
    doc(
        "summary",
        "Summary",
        "One or two plain sentences: what happened and what changed (at most {summary_max_words} words). Left empty, the start of the story is shown instead.",
        "",
    ),
    doc(
        "date",
        "Date",
        "When it happened: YYYY, YYYY-MM or YYYY-MM-DD. Give a date or a period when it is known; left empty, the page says it is not recorded.",
        "",
    ),
    doc(
        "period",
        "Period",
        "Or, for work over a longer time, a period instead of a date: when it started and, unless it is still going, when it ended.",
        "e.g. { start: 2019, end: 2021 }.",
    ),
    doc(
        "period.start",
        "Started",
        "When it started: YYYY, YYYY-MM or YYYY-MM-DD.",
        "",
    ),
    doc(
        "period.end",
        "Ended",
        "When it ended; leave it empty if it is still going.",
        "",
    ),
    doc(
        "place",
        "Place",
        "Where it happened: a town, city, district or region. Left empty, the page says it is not recorded.",
        "",
    ),
    doc(
        "organisations",
        "Organisations",
        "The organisations involved.",
        "e.g. [\"Our Council\", \"Youth Forum\"].",
    ),
    doc(
        "themes",
        "Themes",
        "The themes the story is filed under.",
        "",
    ),
    doc("approaches", "Approaches", "The approaches used.", ""),
    doc(
        "principles",
        "Principles",
        "The principles the story shows.",
        "",
    ),
    doc(
        "engagement_level",
        "Level of engagement",
        "How much say people had (the IAP2 spectrum). Leave it empty if you are not sure.",
        "One of: inform, consult, involve, collaborate, empower; null if you are not sure.",
    ),
    doc(
        "fields_of_practice",
        "Fields of practice",
        "The fields of co-production practice it covers.",
        "From: co-design, co-commissioning, co-delivery, co-assessment.",
    ),
    doc(
        "outcomes",
        "Outcomes",
        "What changed as a result, one short sentence each.",
        "e.g. [\"Twelve projects were funded.\"].",
    ),
    doc(
        "links",
        "Links",
        "Reports, videos or web pages about it.",
        "Each { title: \"...\", url: \"https://...\" }.",
    ),
    doc("links.title", "Title", "What the link is.", ""),
    doc(
        "links.url",
        "Address",
        "Where it points, starting https://.",
        "",
    ),
    doc(
        "contact",
        "Contact",
        "Who readers can ask. Use a shared address such as info@... unless the person has agreed to be named.",
        "e.g. { organisation: \"Youth Forum\", email: \"info@example.org\" }.",
    ),
    doc(
        "contact.name",
        "Name",
        "A person to ask, only if they agreed to be named.",
        "",
    ),
    doc(
        "contact.organisation",
        "Organisation",
        "Their organisation.",
        "",
    ),
    doc(
        "contact.email",
        "E-mail address",
        "A shared address such as info@... unless the person agreed to be named.",
        "",
    ),
    doc(
        "contact.url",
        "Web page",
        "A web page to find out more.",
        "",
    ),
    doc(
        "people",
        "People named",
        "Everyone named in the story, to credit them on its page. Each must have agreed.",
        "e.g. [\"Jo Bloggs, youth worker\"].",
    ),
    doc(
        "consent",
        "Everyone named agreed",
        "Everyone named in the story (as a person named or as the contact) has agreed to be named in this public library. A story that names people is only published with this.",
        "true or false.",
    ),
    doc(
        "source",
        "Source",
        "Where the story comes from, e.g. Written by the Youth Forum.",
        "",
    ),
    doc(
        "taxonomies",
        "Other classifications",
        "Terms of the library's own taxonomies, such as funders, each under the taxonomy's name as site.toml declares it.",
        "e.g. { funders: [\"National Lottery\"] }.",
    ),
    doc(
        "licence",
        "Licence",
        "The licence others may reuse the story under.",
        "",
    ),
    doc(
        "draft",
        "Draft",
        "Keeps the story off the published site until it is ready.",
        "true or false.",
    ),
    IMAGE,
    IMAGE_SRC,
    IMAGE_ALT,
    IMAGE_CREDIT,
    IMAGE_LICENCE,
    ALIASES,
    EXTRA,
];

const TOOLKIT_SECTION: &[FieldDoc] = &[
    doc("title", "Title", "The heading of the section.", ""),
    doc(
        "weight",
        "Order",
        "Orders sections side by side: lower numbers come first (numbers such as 2.1 follow).",
        "",
    ),
    doc(
        "description",
        "Description",
        "One sentence saying what the section helps with (shown in search results).",
        "",
    ),
    doc(
        "resources",
        "Resources",
        "Publications for the Resources box.",
        "Each { title: \"...\", publisher: \"...\", year: 2024, url: \"https://...\" }.",
    ),
    doc("resources.title", "Title", "The publication's title.", ""),
    doc("resources.publisher", "Publisher", "Who published it.", ""),
    doc("resources.year", "Year", "The year it was published.", ""),
    doc(
        "resources.url",
        "Address",
        "Where to find it, starting https://.",
        "",
    ),
    doc(
        "callouts",
        "Case studies to show",
        "Case studies to show beside the text.",
        "Each as \"@/case-studies/<file>.md\".",
    ),
    IMAGE,
    IMAGE_SRC,
    IMAGE_ALT,
    IMAGE_CREDIT,
    IMAGE_LICENCE,
    ALIASES,
    EXTRA,
];

const PRINCIPLE_SET: &[FieldDoc] = &[
    doc("title", "Title", "The name of the set.", ""),
    doc(
        "description",
        "Description",
        "One sentence saying what the set is.",
        "",
    ),
    doc(
        "source",
        "Source",
        "Where the principles come from (attribution), e.g. Our Network, 2024.",
        "",
    ),
    doc(
        "principles",
        "Principles",
        "The principles, in order.",
        "`id` is short, lower case with hyphens, and never changes: case studies cite a principle as \"<file name>/<id>\".",
    ),
    doc(
        "principles.id",
        "Id",
        "Short, lower case with hyphens, and never changed once published: case studies cite the principle by it.",
        "",
    ),
    doc("principles.name", "Name", "The principle's name.", ""),
    doc(
        "principles.description",
        "Description",
        "What it means, in one or two sentences.",
        "",
    ),
    ALIASES,
    EXTRA,
];

const FORM: &[FieldDoc] = &[
    doc("title", "Title", "The name of the form.", ""),
    doc(
        "description",
        "Description",
        "One sentence saying when to use it.",
        "",
    ),
    doc(
        "version",
        "Version",
        "Raise by one whenever the statements change, so old answers can be told apart.",
        "",
    ),
    doc(
        "scales",
        "Rating scales",
        "The scales statements are rated on: each point has a label, a short code and the points it scores.",
        "",
    ),
    doc(
        "scales.id",
        "Id",
        "A short id, unique in the form; sections name the scale they use by it.",
        "",
    ),
    doc(
        "scales.points",
        "Points",
        "The choices, in the order they are shown.",
        "",
    ),
    doc("scales.points.label", "Label", "What the choice says.", ""),
    doc(
        "scales.points.code",
        "Code",
        "A short code, unique in the scale.",
        "",
    ),
    doc(
        "scales.points.points",
        "Points",
        "What the choice scores.",
        "",
    ),
    doc(
        "scales.not_applicable",
        "Not applicable",
        "The label of an extra choice that scores nothing, e.g. Does not apply.",
        "",
    ),
    doc(
        "sections",
        "Sections",
        "Groups of statements, each rated on one scale.",
        "Item ids are short and never change.",
    ),
    doc("sections.title", "Heading", "The section's heading.", ""),
    doc(
        "sections.scale",
        "Scale",
        "The id of the scale its statements are rated on.",
        "",
    ),
    doc(
        "sections.items",
        "Statements",
        "The statements to rate.",
        "",
    ),
    doc(
        "sections.items.id",
        "Id",
        "A short id, unique in the form, never changed once published.",
        "",
    ),
    doc(
        "sections.items.text",
        "Statement",
        "The statement to rate.",
        "",
    ),
    doc(
        "fields",
        "Extra fields",
        "Extra fields to fill in, such as the date of the meeting.",
        "Each { id: ..., label: \"...\", type: text } (types: text, date, number, choice with options: [\"a\", \"b\"]).",
    ),
    doc("fields.id", "Id", "A short id, unique in the form.", ""),
    doc("fields.label", "Label", "What to fill in.", ""),
    doc(
        "fields.type",
        "Type",
        "What is filled in: text, a date, a number, or one of the choices below.",
        "",
    ),
    doc(
        "fields.options",
        "Choices",
        "The choices of a choice field.",
        "",
    ),
    doc(
        "comments",
        "Comment boxes",
        "Boxes for comments in people's own words.",
        "Each { id: ..., label: \"...\" }.",
    ),
    doc("comments.id", "Id", "A short id, unique in the form.", ""),
    doc("comments.label", "Label", "What to comment on.", ""),
    doc(
        "bands",
        "Bands",
        "What a total means.",
        "Each { min: 1, max: 2, label: \"...\" }.",
    ),
    doc("bands.min", "From", "The lowest total of the band.", ""),
    doc("bands.max", "To", "The highest total of the band.", ""),
    doc(
        "bands.label",
        "Meaning",
        "What a total in this range means.",
        "",
    ),
    doc(
        "chart",
        "Chart",
        "A chart of the scores: none, bars or radar.",
        "",
    ),
    ALIASES,
    EXTRA,
];

const GLOSSARY: &[FieldDoc] = &[
    doc("title", "Title", "The title of the glossary page.", ""),
    doc(
        "description",
        "Description",
        "One sentence describing the page (shown in search results).",
        "",
    ),
    doc(
        "terms",
        "Terms",
        "Each term with its plain-language definition; the first use of a term on any page links to it.",
        "Each { term: \"...\", expansion: \"...\", definition: \"...\" }.",
    ),
    doc("terms.term", "Term", "The word or abbreviation.", ""),
    doc(
        "terms.expansion",
        "Written out",
        "What an abbreviation stands for.",
        "",
    ),
    doc(
        "terms.definition",
        "Definition",
        "What it means, in plain words.",
        "",
    ),
    ALIASES,
    EXTRA,
];

const PAGE: &[FieldDoc] = &[
    doc("title", "Title", "The page's title.", ""),
    doc(
        "description",
        "Description",
        "One sentence describing the page (shown in search results and link previews).",
        "",
    ),
    IMAGE,
    IMAGE_SRC,
    IMAGE_ALT,
    IMAGE_CREDIT,
    IMAGE_LICENCE,
    ALIASES,
    EXTRA,
];

/// The pattern every date of front matter matches (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), as the
/// JSON Schema of `cairn schema` and the web editor check it before the build does.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

#[cfg(test)]
use crate::content::case_study::{CaseStudyMeta, Contact, Link, Period};
#[cfg(test)]
use crate::content::form::{
    Band, CommentBox, Field, FormMeta, FormSection, Item, Scale, ScalePoint,
};
#[cfg(test)]
use crate::content::front_matter::struct_fields;
#[cfg(test)]
use crate::content::image::ImageMeta;
#[cfg(test)]
use crate::content::page::{GlossaryMeta, GlossaryTerm, PageMeta};
#[cfg(test)]
use crate::content::principle::{Principle, PrincipleSetMeta};
#[cfg(test)]
use crate::content::toolkit::{Resource, SectionMeta};

/// Every field name the loader reads for `kind`, nested ones as `parent.child`, sorted: what the
/// tables here and the web editor's forms (src/editor/contract.rs) are held to.
#[cfg(test)]
pub(crate) fn model(kind: Kind) -> Vec<String> {
    fn nested(parent: &str, fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| format!("{parent}.{f}")).collect()
    }
    let (top, children): (&[&str], Vec<String>) = match kind {
        Kind::CaseStudy => (
            struct_fields::<CaseStudyMeta>(),
            [
                nested("period", struct_fields::<Period>()),
                nested("links", struct_fields::<Link>()),
                nested("contact", struct_fields::<Contact>()),
                nested("image", struct_fields::<ImageMeta>()),
            ]
            .concat(),
        ),
        Kind::ToolkitSection => (
            struct_fields::<SectionMeta>(),
            [
                nested("resources", struct_fields::<Resource>()),
                nested("image", struct_fields::<ImageMeta>()),
            ]
            .concat(),
        ),
        Kind::PrincipleSet => (
            struct_fields::<PrincipleSetMeta>(),
            nested("principles", struct_fields::<Principle>()),
        ),
        Kind::Form => (
            struct_fields::<FormMeta>(),
            [
                nested("scales", struct_fields::<Scale>()),
                nested("scales.points", struct_fields::<ScalePoint>()),
                nested("sections", struct_fields::<FormSection>()),
                nested("sections.items", struct_fields::<Item>()),
                nested("fields", struct_fields::<Field>()),
                nested("comments", struct_fields::<CommentBox>()),
                nested("bands", struct_fields::<Band>()),
            ]
            .concat(),
        ),
        Kind::Glossary => (
            struct_fields::<GlossaryMeta>(),
            nested("terms", struct_fields::<GlossaryTerm>()),
        ),
        Kind::Page => (
            struct_fields::<PageMeta>(),
            nested("image", struct_fields::<ImageMeta>()),
        ),
    };
    let mut all: Vec<String> = top.iter().map(|s| s.to_string()).chain(children).collect();
    all.sort();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pins that every field the loader reads, of every kind and at every depth, has a label and
    // a hint here, and that nothing here names a field the loader does not read.
    #[test]
    fn every_field_is_described_once() {
        for kind in Kind::ALL {
            let mut described: Vec<String> =
                kind.fields().iter().map(|f| f.name.to_string()).collect();
            described.sort();
            let before = described.len();
            described.dedup();
            assert_eq!(
                before,
                described.len(),
                "{kind:?}: a field is described twice"
            );
            assert_eq!(described, model(kind), "{kind:?}");
            for f in kind.fields() {
                assert!(
                    !f.label.is_empty() && f.hint.ends_with('.'),
                    "{kind:?} {}",
                    f.name
                );
                assert!(
                    !f.hint.contains('`'),
                    "{kind:?} {}: no YAML in hints",
                    f.name
                );
            }
        }
    }

    // Pins that `cairn new`'s comments wrap into lines of about 100 characters, every word kept.
    #[test]
    fn comments_wrap() {
        let config = Config::parse("title = \"A\"\n").unwrap();
        let doc = Kind::Form.field("fields");
        let comment = doc.comment(&config);
        assert!(comment.lines().count() > 1, "{comment}");
        assert!(
            comment
                .lines()
                .all(|l| l.starts_with("# ") && l.len() <= 110),
            "{comment}"
        );
        let words = |s: &str| {
            s.split_whitespace()
                .filter(|w| *w != "#")
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            words(&comment),
            format!("{} {}", doc.hint(&config), doc.yaml)
        );
    }

    // Pins that the summary's hint carries the library's own word limit.
    #[test]
    fn hints_fill_in_the_library_limits() {
        let config = Config::parse("title = \"A\"\n[check]\nsummary_max_words = 42\n").unwrap();
        let hint = Kind::CaseStudy.field("summary").hint(&config);
        assert!(hint.contains("at most 42 words"), "{hint}");
    }
}
