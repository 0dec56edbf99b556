//! The CMS's configuration (`admin/config.json`), generated from the content model: a
//! collection per kind of page, a form field per front-matter field, with the labels and hints
//! of src/content/fields.rs, the required flags of the front-matter structs, and the library's
//! allowed terms as the choices of its selects. The unit tests keep it equal, field by field and
//! term by term, to what the build accepts.
//!
//! The option names are Sveltia CMS's (its JSON Schema is `vendor/sveltia-cms.schema.json`).

use serde_json::{Value, json};

use super::EditorConfig;
use crate::content::Library;
use crate::content::fields::{DATE_PATTERN, FieldDoc, Kind};
use crate::content::taxonomy::Taxonomy;

/// The whole configuration for the library, whose repository on GitHub is `repo` (`owner/name`).
pub(crate) fn config(library: &Library, editor: &EditorConfig, repo: &str) -> Value {
    let c = &library.config;
    let mut backend = json!({
        "name": "github",
        "repo": repo,
        // Without an OAuth client, signing in takes a GitHub access token: no server needed.
        "auth_methods": if editor.oauth_url.is_some() { json!(["oauth", "token"]) } else { json!(["token"]) },
    });
    if let Some(branch) = &c.branch {
        backend["branch"] = json!(branch);
    }
    if let Some(url) = &editor.oauth_url {
        backend["base_url"] = json!(url.trim_end_matches('/'));
    }
    if editor.open_authoring {
        // People who cannot write to the repository work in a fork; `public_repo` is all the
        // access to their GitHub account the CMS then asks for.
        backend["open_authoring"] = json!(true);
        backend["auth_scope"] = json!("public_repo");
    }
    let mut config = json!({
        "app_title": format!("Edit {}", c.title),
        "site_url": c.base_url,
        "backend": backend,
        // Every save is a pull request, checked by `cairn check` before anyone merges it.
        "publish_mode": "editorial_workflow",
        "media_folder": "content/images",
        "public_folder": "@/images",
        "output": {
            // An empty optional field is left out, not written as an empty string the build
            // would read as a value (an empty date is not a date).
            "omit_empty_optional_fields": true,
            "yaml": {"quote": "double"},
        },
        "slug": {"encoding": "ascii", "clean_accents": true},
        "collections": [
            translatable(case_studies(library), library, CASE_STUDY_COPIED),
            translatable(toolkit(library), library, &["weight", "callouts"]),
            translatable(principle_sets(library), library, &[]),
            translatable(forms(library), library, &["version", "chart"]),
            pages(library),
        ],
    });
    if let Some(i18n) = i18n(library) {
        config["i18n"] = i18n;
    }
    config
}

/// In a library published in several languages, a translation is a file beside its source,
/// `name.<code>.md` (src/i18n.rs): the CMS's `multiple_files` layout with the default
/// language's code left out of the file name. Entries then show their translations side by side.
fn i18n(library: &Library) -> Option<Value> {
    let c = &library.config;
    if c.languages.len() < 2 {
        return None;
    }
    let mut locales = vec![c.language.clone()];
    locales.extend(
        c.languages
            .iter()
            .map(|l| l.code.clone())
            .filter(|code| *code != c.language),
    );
    Some(json!({
        "structure": "multiple_files",
        "locales": locales,
        "default_locale": c.language,
        "omit_default_locale_from_file_path": true,
        // A new page starts in the default language; a translation is made when someone
        // turns its language on and writes it.
        "initial_locales": "default",
    }))
}

/// Marks each field of a collection whose pages may be translated: text is translated, and the
/// fields named in `copied` (dates, terms, numbers) are copied from the source, as the build
/// expects of a translation (src/i18n.rs). A translation also keeps its `source_hash`, which the
/// form does not show.
fn translatable(mut collection: Value, library: &Library, copied: &[&str]) -> Value {
    if library.config.languages.len() < 2 {
        return collection;
    }
    collection["i18n"] = json!(true);
    let mark = |fields: &mut Value| {
        if let Some(fields) = fields.as_array_mut() {
            for f in fields.iter_mut() {
                let name = f["name"].as_str().unwrap_or("");
                f["i18n"] = match copied.contains(&name) {
                    true => json!("duplicate"),
                    false => json!(true),
                };
            }
            fields.push(
                json!({"name": crate::content::translation::SOURCE_HASH_KEY, "widget": "hidden", "i18n": true}),
            );
        }
    };
    mark(&mut collection["fields"]);
    if collection["index_file"].is_object() {
        mark(&mut collection["index_file"]["fields"]);
    }
    collection
}

/// The fields of a case study a translation copies from its source.
const CASE_STUDY_COPIED: &[&str] = &[
    "date",
    "period",
    "place",
    "themes",
    "approaches",
    "principles",
    "engagement_level",
    "fields_of_practice",
    "contact",
    "consent",
    "licence",
    "draft",
    "aliases",
    "taxonomies",
];

/// What every folder collection shares: Markdown files with YAML front matter, which the CMS
/// may create but not delete (removing a page is for the library's maintainers).
fn folder_collection(name: &str, label: &str, singular: &str, description: &str) -> Value {
    json!({
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": description,
        "folder": format!("content/{name}"),
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": true,
        "delete": false,
        "summary": "{{title}}",
    })
}

/// A form field for the front-matter field `name` of `kind`, with its label and hint.
fn field(library: &Library, kind: Kind, name: &str, widget: &str, required: bool) -> Value {
    let doc: &FieldDoc = kind.field(name);
    let key = name.rsplit('.').next().unwrap_or(name);
    json!({
        "name": key,
        "label": doc.label,
        "hint": doc.hint(&library.config),
        "widget": widget,
        "required": required,
    })
}

/// A field with more options set.
fn with(mut field: Value, options: Value) -> Value {
    if let (Some(f), Value::Object(o)) = (field.as_object_mut(), options) {
        f.extend(o);
    }
    field
}

/// A date as the build reads it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A plain text box with a
/// pattern, since a date picker would make people invent the day of a story told by the month.
fn date(library: &Library, kind: Kind, name: &str, required: bool) -> Value {
    with(
        field(library, kind, name, "string", required),
        json!({"pattern": [DATE_PATTERN, "Write the date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2021 or 2021-03."]}),
    )
}

/// A list of short texts, one box per item; `singular` names an item ("Add Outcome").
fn strings(library: &Library, kind: Kind, name: &str, singular: &str) -> Value {
    with(
        field(library, kind, name, "list", false),
        json!({"label_singular": singular, "field": {"name": singular, "label": singular, "widget": "string"}}),
    )
}

/// A list of items, each made of `fields`; `singular` names an item ("Add Link").
fn items(
    library: &Library,
    (kind, name, singular): (Kind, &str, &str),
    required: bool,
    fields: Vec<Value>,
) -> Value {
    let mut list = with(
        field(library, kind, name, "list", required),
        json!({"label_singular": singular, "fields": fields, "collapsed": "auto"}),
    );
    if required {
        list["min"] = json!(1);
    }
    list
}

/// A choice among `options` (`{label, value}`), or several when `multiple`.
fn select(
    library: &Library,
    kind: Kind,
    name: &str,
    options: Vec<Value>,
    multiple: bool,
    required: bool,
) -> Value {
    with(
        field(library, kind, name, "select", required),
        json!({"options": options, "multiple": multiple}),
    )
}

/// `aliases`: old addresses, one box each.
fn aliases(library: &Library, kind: Kind) -> Value {
    strings(library, kind, "aliases", "Old address")
}

/// `extra`: the library's own data, kept as written. A form cannot describe a free-form
/// mapping, so the field is hidden: an entry keeps what its file has, and maintainers edit it
/// in the file itself.
fn extra(_library: &Library, _kind: Kind) -> Value {
    // Sveltia's hidden widget takes no label or hint (they are in src/content/fields.rs).
    json!({"name": "extra", "widget": "hidden"})
}

/// A whole number.
fn integer(library: &Library, kind: Kind, name: &str, required: bool) -> Value {
    with(
        field(library, kind, name, "number", required),
        json!({"value_type": "int"}),
    )
}

/// The Markdown after the front matter.
fn body(required: bool, hint: &str) -> Value {
    json!({
        "name": "body",
        "label": "Text",
        "hint": hint,
        "widget": "markdown",
        "required": required,
        // Cairn shows raw HTML as text, so the editor offers Markdown's own formatting only.
        "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "bulleted-list", "numbered-list", "quote"],
        "editor_components": ["image"],
    })
}

/// The choices of a taxonomy's field, when the library restricts its terms: each term as
/// written in front matter, labelled with its display name.
fn term_options(library: &Library, taxonomy: Taxonomy) -> Option<Vec<Value>> {
    let terms = taxonomy.allowed_terms(&library.config)?;
    Some(
        terms
            .iter()
            .map(|t| json!({"label": taxonomy.display_name(&library.config, t), "value": t}))
            .collect(),
    )
}

/// A taxonomy's field: a select of the allowed terms, or free text where any term is allowed.
fn taxonomy_field(library: &Library, taxonomy: Taxonomy, multiple: bool, required: bool) -> Value {
    let kind = Kind::CaseStudy;
    let name = taxonomy.field();
    match term_options(library, taxonomy) {
        Some(options) => select(library, kind, name, options, multiple, required),
        None if multiple => strings(library, kind, name, "Term"),
        None => field(library, kind, name, "string", required),
    }
}

/// Every principle a case study may cite, `<set>/<id>`, labelled with the set and its name.
fn principle_options(library: &Library) -> Vec<Value> {
    library
        .principle_sets
        .iter()
        .flat_map(|set| {
            set.meta.principles.iter().map(move |p| {
                json!({
                    "label": format!("{}: {}", set.meta.title, p.name),
                    "value": format!("{}/{}", set.id, p.id.value),
                })
            })
        })
        .collect()
}

/// A select of `options`, or, when there are none yet, a field the form does not show (so
/// nothing can be written there that the build would refuse).
fn select_or_hidden(library: &Library, kind: Kind, name: &str, options: Vec<Value>) -> Value {
    if options.is_empty() {
        let key = name.rsplit('.').next().unwrap_or(name);
        json!({"name": key, "widget": "hidden"})
    } else {
        select(library, kind, name, options, true, false)
    }
}

/// `content/case-studies/`: one form per story.
fn case_studies(library: &Library) -> Value {
    let (l, k) = (library, Kind::CaseStudy);
    let licence = &l.config.licence;
    let mut licence_field = field(l, k, "licence", "string", false);
    if !licence.is_empty() {
        licence_field["default"] = json!(licence);
    }
    let fields = vec![
        field(l, k, "title", "string", true),
        field(l, k, "summary", "text", false),
        date(l, k, "date", false),
        with(
            field(l, k, "period", "object", false),
            json!({"collapsed": "auto", "fields": [date(l, k, "period.start", true), date(l, k, "period.end", false)]}),
        ),
        taxonomy_field(l, Taxonomy::Places, false, false),
        strings(l, k, "organisations", "Organisation"),
        taxonomy_field(l, Taxonomy::Themes, true, false),
        taxonomy_field(l, Taxonomy::Approaches, true, false),
        select_or_hidden(l, k, "principles", principle_options(l)),
        taxonomy_field(l, Taxonomy::EngagementLevels, false, false),
        taxonomy_field(l, Taxonomy::FieldsOfPractice, true, false),
        strings(l, k, "outcomes", "Outcome"),
        items(
            l,
            (k, "links", "Link"),
            false,
            vec![
                field(l, k, "links.title", "string", true),
                with(
                    field(l, k, "links.url", "string", true),
                    json!({"type": "url"}),
                ),
            ],
        ),
        with(
            field(l, k, "contact", "object", false),
            json!({"collapsed": "auto", "fields": [
                field(l, k, "contact.name", "string", false),
                field(l, k, "contact.organisation", "string", false),
                with(field(l, k, "contact.email", "string", false), json!({"type": "email"})),
                with(field(l, k, "contact.url", "string", false), json!({"type": "url"})),
            ]}),
        ),
        strings(l, k, "people", "Person"),
        image(l, k),
        with(
            field(l, k, "consent", "boolean", false),
            json!({"default": false}),
        ),
        field(l, k, "source", "string", false),
        // The library's own taxonomies: kept as the file has them (a form field per taxonomy
        // would need the contract to know site.toml's taxonomies).
        json!({"name": "taxonomies", "widget": "hidden"}),
        licence_field,
        with(
            field(l, k, "draft", "boolean", false),
            json!({"default": false}),
        ),
        // Required here though the build accepts an empty page: a case study is its story.
        aliases(library, Kind::CaseStudy),
        extra(library, Kind::CaseStudy),
        body(
            true,
            "The story in plain words: what the situation was, what happened, what changed and what you learned. Short sentences help every reader.",
        ),
    ];
    with(
        folder_collection(
            "case-studies",
            "Case studies",
            "Case study",
            "Stories of co-production, one page each.",
        ),
        json!({
            "sortable_fields": ["title", "date", "place"],
            "index_file": index_file(l),
            // Photos go beside the case studies, and are written `@/case-studies/<file>`.
            "media_folder": "/content/case-studies",
            "public_folder": "@/case-studies",
            "preview_path": "case-studies/{{slug}}/",
            "fields": fields,
        }),
    )
}

/// The picture shown with a page. Its parts are optional here because the object is: the build
/// names a picture without `alt` at its line, in words a contributor can act on.
fn image(library: &Library, kind: Kind) -> Value {
    let (l, k) = (library, kind);
    with(
        field(l, k, "image", "object", false),
        json!({"collapsed": "auto", "fields": [
            with(field(l, k, "image.src", "image", false), json!({"choose_url": false})),
            field(l, k, "image.alt", "string", false),
            field(l, k, "image.credit", "string", false),
            field(l, k, "image.licence", "string", false),
        ]}),
    )
}

/// The fields of the home page, a section's introduction (`_index.md`) or a plain page.
fn page_fields(library: &Library) -> Vec<Value> {
    let (l, k) = (library, Kind::Page);
    vec![
        field(l, k, "title", "string", true),
        field(l, k, "description", "text", false),
        image(l, k),
        aliases(library, Kind::Page),
        extra(library, Kind::Page),
        body(false, "The text of the page."),
    ]
}

/// A folder's introduction, `_index.md`, edited with the fields of a plain page.
fn index_file(library: &Library) -> Value {
    json!({"name": "_index", "label": "Introduction", "icon": "home", "fields": page_fields(library)})
}

/// `content/toolkit/`: sections in folders; a folder's own text is its `_index.md`.
fn toolkit(library: &Library) -> Value {
    let (l, k) = (library, Kind::ToolkitSection);
    let callouts: Vec<Value> = l
        .case_studies
        .iter()
        .map(|c| json!({"label": c.meta.title, "value": format!("@/{}", c.source.content_path())}))
        .collect();
    let fields = vec![
        field(l, k, "title", "string", true),
        integer(l, k, "weight", false),
        field(l, k, "description", "text", false),
        items(
            l,
            (k, "resources", "Resource"),
            false,
            vec![
                field(l, k, "resources.title", "string", true),
                field(l, k, "resources.publisher", "string", false),
                with(
                    integer(l, k, "resources.year", false),
                    json!({"min": 1000, "max": 9999}),
                ),
                with(
                    field(l, k, "resources.url", "string", false),
                    json!({"type": "url"}),
                ),
            ],
        ),
        select_or_hidden(l, k, "callouts", callouts),
        image(l, k),
        aliases(library, Kind::ToolkitSection),
        extra(library, Kind::ToolkitSection),
        body(false, "The text of the section."),
    ];
    with(
        folder_collection(
            "toolkit",
            "Toolkit",
            "Toolkit section",
            "The toolkit's sections, in folders; a folder's own text is its _index page.",
        ),
        json!({
            "nested": {"subfolders": false},
            // A folder's `_index.md` is a section too, with the same fields.
            "index_file": {"name": "_index", "label": "Introduction", "icon": "home", "fields": fields.clone()},
            "sortable_fields": ["weight", "title"],
            "media_folder": "/content/images",
            "public_folder": "@/images",
            "fields": fields,
        }),
    )
}

/// `content/principles/`: one file per set, each principle cited as `<file name>/<id>`.
fn principle_sets(library: &Library) -> Value {
    let (l, k) = (library, Kind::PrincipleSet);
    let fields = vec![
        field(l, k, "title", "string", true),
        field(l, k, "description", "text", false),
        field(l, k, "source", "string", false),
        items(
            l,
            (k, "principles", "Principle"),
            true,
            vec![
                kebab(field(l, k, "principles.id", "string", true)),
                field(l, k, "principles.name", "string", true),
                field(l, k, "principles.description", "text", true),
            ],
        ),
        aliases(library, Kind::PrincipleSet),
        extra(library, Kind::PrincipleSet),
        body(
            false,
            "An introduction to the principles: where they come from and how to use them.",
        ),
    ];
    with(
        folder_collection(
            "principles",
            "Principles",
            "Principle set",
            "Sets of principles case studies cite.",
        ),
        json!({"index_file": index_file(l), "fields": fields}),
    )
}

/// What [`is_kebab`](crate::content::principle::is_kebab) accepts, as a pattern for the form.
pub(super) const KEBAB_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// An id the build checks with [`is_kebab`](crate::content::principle::is_kebab).
fn kebab(field: Value) -> Value {
    with(
        field,
        json!({"pattern": [KEBAB_PATTERN, "Use lower-case letters, digits and single hyphens, e.g. sharing-power."]}),
    )
}

/// `content/forms/`: scoring forms.
fn forms(library: &Library) -> Value {
    let (l, k) = (library, Kind::Form);
    let text = |name: &str, required: bool| field(l, k, name, "string", required);
    let fields = vec![
        text("title", true),
        field(l, k, "description", "text", false),
        with(
            integer(l, k, "version", false),
            json!({"min": 0, "default": 1}),
        ),
        items(
            l,
            (k, "scales", "Scale"),
            true,
            vec![
                text("scales.id", true),
                // The build wants at least two choices on a scale.
                with(
                    items(
                        l,
                        (k, "scales.points", "Point"),
                        true,
                        vec![
                            text("scales.points.label", true),
                            text("scales.points.code", true),
                            integer(l, k, "scales.points.points", true),
                        ],
                    ),
                    json!({"min": 2}),
                ),
                text("scales.not_applicable", false),
            ],
        ),
        items(
            l,
            (k, "sections", "Section"),
            true,
            vec![
                text("sections.title", false),
                text("sections.scale", true),
                items(
                    l,
                    (k, "sections.items", "Statement"),
                    true,
                    vec![
                        kebab(text("sections.items.id", true)),
                        field(l, k, "sections.items.text", "text", true),
                    ],
                ),
            ],
        ),
        items(
            l,
            (k, "fields", "Field"),
            false,
            vec![
                text("fields.id", true),
                text("fields.label", true),
                with(
                    select(
                        l,
                        k,
                        "fields.type",
                        options(&["text", "date", "number", "choice"]),
                        false,
                        false,
                    ),
                    json!({"default": "text"}),
                ),
                strings(l, k, "fields.options", "Choice"),
            ],
        ),
        items(
            l,
            (k, "comments", "Comment box"),
            false,
            vec![text("comments.id", true), text("comments.label", true)],
        ),
        items(
            l,
            (k, "bands", "Band"),
            false,
            vec![
                integer(l, k, "bands.min", true),
                integer(l, k, "bands.max", true),
                text("bands.label", true),
            ],
        ),
        with(
            select(
                l,
                k,
                "chart",
                options(&["none", "bars", "radar"]),
                false,
                false,
            ),
            json!({"default": "none"}),
        ),
        aliases(library, Kind::Form),
        extra(library, Kind::Form),
        body(
            false,
            "How to fill in the form and what to do with the result.",
        ),
    ];
    with(
        folder_collection(
            "forms",
            "Forms",
            "Form",
            "Scoring and self-assessment forms.",
        ),
        json!({"index_file": index_file(l), "fields": fields}),
    )
}

/// Choices whose labels are their values.
fn options(values: &[&str]) -> Vec<Value> {
    values.iter().map(|v| json!(v)).collect()
}

/// Single files: the home page, the glossary and the library's plain pages.
fn pages(library: &Library) -> Value {
    let (l, k) = (library, Kind::Glossary);
    let glossary = json!({
        "name": "glossary",
        "label": "Glossary",
        "file": "content/glossary.md",
        "fields": [
            field(l, k, "title", "string", true),
            field(l, k, "description", "text", false),
            items(l, (k, "terms", "Term"), true, vec![
                field(l, k, "terms.term", "string", true),
                field(l, k, "terms.expansion", "string", false),
                field(l, k, "terms.definition", "text", true),
            ]),
            aliases(library, Kind::Glossary),
            extra(library, Kind::Glossary),
            body(false, "An introduction to the glossary."),
        ],
    });
    let mut files = vec![
        json!({"name": "home", "label": "Home page", "file": "content/_index.md", "fields": page_fields(l)}),
        glossary,
    ];
    let folders_with_collections = ["case-studies", "principles", "forms"];
    let intros = l
        .intros
        .iter()
        .filter(|(folder, _)| !folders_with_collections.contains(&folder.as_str()))
        .map(|(_, page)| page);
    for page in l.pages.iter().chain(intros) {
        let path = crate::diagnostic::display_path(&page.source.path);
        files.push(json!({
            "name": crate::text::slugify(&path),
            "label": page.meta.title,
            "file": path,
            "fields": page_fields(l),
        }));
    }
    json!({
        "name": "pages",
        "label": "Pages",
        "description": "The home page, the glossary and the library's other pages.",
        "files": files,
    })
}
