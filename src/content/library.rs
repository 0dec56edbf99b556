//! Loading a library: walk `content/`, read each file safely, type its front matter by folder,
//! then resolve principle citations, taxonomy terms and related case studies.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::Source;
use super::case_study::{CaseStudy, CaseStudyMeta};
use super::form::{Form, FormMeta};
use super::front_matter::{self, Parts};
use super::page::{Glossary, GlossaryMeta, Page, PageMeta};
use super::principle::{PrincipleSet, PrincipleSetMeta};
use super::taxonomy::{Taxonomy, TermIndex};
use super::toolkit::{self, LoadedSection, SectionMeta, Toolkit};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, closest, display_path};
use crate::text::slugify;

/// The rule id of the warning about two case studies with one title.
pub(crate) const DUPLICATE_TITLE: &str = "duplicate-title";

/// Line and column of a top-level front-matter key (line 1 when it is not written).
pub(crate) fn front_matter_key(source: &Source, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    let mut offset = 0;
    for line in source.text[..source.body_offset].split_inclusive('\n') {
        if line.starts_with(&prefix) {
            return crate::text::line_col(&source.text, offset);
        }
        offset += line.len();
    }
    (1, 1)
}

/// Largest content file Cairn reads by default, in bytes; `file_size_mb` under `[limits]` in
/// site.toml changes it (src/limits.rs).
pub(crate) const MAX_FILE_BYTES: u64 = crate::limits::DEFAULT_FILE_SIZE_MB * 1_000_000;
/// Most files a library may hold under `content/`, `static/` and `templates/` together.
pub(crate) const MAX_FILES: usize = 200_000;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include case studies marked `draft: true`.
    pub(crate) drafts: bool,
    /// `--base-url`: where the site is published, in place of site.toml's `base_url`.
    pub(crate) base_url: Option<String>,
}

/// A file copied to the output as it is (from `content/` or the library's `static/`).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Output path, e.g. `case-studies/photo.jpg` or `static/logo.svg`.
    pub output_path: String,
    /// Where it is in the library, e.g. `content/case-studies/photo.jpg`.
    pub source: PathBuf,
    pub bytes: Vec<u8>,
}

impl Asset {
    /// Whether it is one of the library's own site-wide files (`static/`), not content.
    pub(crate) fn is_static(&self) -> bool {
        self.source.starts_with("static")
    }
}

/// A file under `content/` of a type that is not published (src/content/assets.rs). The site
/// plan still claims its address, so that one at Cairn's own address is named as that too.
#[derive(Debug, Clone)]
pub(crate) struct RefusedAsset {
    pub(crate) output_path: String,
    pub(crate) source: PathBuf,
}

/// Everything in a library, loaded, checked and cross-referenced.
#[derive(Debug, Clone)]
pub struct Library {
    pub(crate) root: PathBuf,
    pub config: Config,
    /// `content/_index.md`.
    pub(crate) home: Option<Page>,
    /// Section introductions (`case-studies`, `principles`, `forms`, or any other folder).
    pub(crate) intros: BTreeMap<String, Page>,
    /// Plain pages, by content path.
    pub(crate) pages: Vec<Page>,
    pub(crate) glossary: Option<Glossary>,
    /// Newest first, then by title.
    pub case_studies: Vec<CaseStudy>,
    pub toolkit: Toolkit,
    /// By file name.
    pub(crate) principle_sets: Vec<PrincipleSet>,
    /// By file name.
    pub(crate) forms: Vec<Form>,
    /// Non-Markdown files from `content/` and the library's `static/`.
    pub(crate) assets: Vec<Asset>,
    /// Files under `content/` refused for their type (an error of their own).
    pub(crate) refused_assets: Vec<RefusedAsset>,
    /// The library's own templates (`templates/`), by name.
    pub(crate) templates: BTreeMap<String, String>,
    /// Terms in use per taxonomy.
    pub(crate) taxonomies: BTreeMap<Taxonomy, TermIndex>,
    /// `set/id` -> indexes of the case studies citing it.
    pub(crate) citations: HashMap<String, Vec<usize>>,
    /// Per case study, up to three related case studies.
    pub(crate) related: Vec<Vec<usize>>,
    /// Findings that do not stop the build.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Translation files (`name.<lang>.md`), by file path (src/i18n.rs).
    pub(crate) translations: Vec<crate::content::translation::Translation>,
    /// Errors found while loading. The library is still complete enough to render, so that
    /// link errors in the same run are found too; a build with any error writes nothing.
    pub errors: Vec<Diagnostic>,
}

/// A file found under the library root, read and decoded.
struct RawFile {
    /// Relative path with `/` separators.
    rel: String,
    bytes: Vec<u8>,
}

/// The library folder's absolute path, with links resolved: where its output folder and
/// every source path are reckoned from.
pub(crate) fn canonical_root(root: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    root.canonicalize().map_err(|e| {
        vec![Diagnostic::file_error(
            root,
            format!("cannot open the library folder: {e}"),
        )]
    })
}

impl Library {
    /// Loads and checks the library at `root`. Only an unreadable site.toml or root fails here;
    /// every content problem is collected in [`Library::errors`], not just the first.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Library, Vec<Diagnostic>> {
        let config = Config::load(root)?;
        Self::load_with_config(root, config, options)
    }

    /// As [`Library::load`], with `site.toml` already read.
    pub(crate) fn load_with_config(
        root: &Path,
        mut config: Config,
        options: &LoadOptions,
    ) -> Result<Library, Vec<Diagnostic>> {
        if let Some(url) = &options.base_url {
            config.base_url = url.clone();
        }
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let canonical_root = canonical_root(root)?;
        let files = collect_files(
            &canonical_root,
            &config.limits,
            &mut problems,
            &mut warnings,
        );
        problems.extend(crate::limits::check_files(
            &config.limits,
            files.iter().map(|f| f.rel.as_str()),
        ));

        let mut content = Vec::new();
        let mut assets = Vec::new();
        let mut refused_assets = Vec::new();
        let mut templates = BTreeMap::new();
        for file in files {
            if let Some(rest) = file.rel.strip_prefix("static/") {
                assets.push(Asset {
                    output_path: format!("static/{rest}"),
                    source: PathBuf::from(&file.rel),
                    bytes: file.bytes,
                });
            } else if let Some(name) = file.rel.strip_prefix("templates/") {
                match String::from_utf8(file.bytes) {
                    Ok(text) => {
                        templates.insert(name.to_string(), text);
                    }
                    Err(_) => problems.push(
                        Diagnostic::file_error(&file.rel, "this template is not UTF-8 text")
                            .with_rule("encoding")
                            .with_help("save the file as UTF-8"),
                    ),
                }
            } else if let Some(rest) = file.rel.strip_prefix("content/") {
                if rest.ends_with(".md") {
                    content.push(file);
                } else if let Some(refused) = super::assets::check(&file.rel) {
                    // Only types a browser never runs are published from content/.
                    problems.push(refused);
                    refused_assets.push(RefusedAsset {
                        output_path: rest.to_string(),
                        source: PathBuf::from(&file.rel),
                    });
                } else {
                    assets.push(Asset {
                        output_path: rest.to_string(),
                        source: PathBuf::from(&file.rel),
                        bytes: file.bytes,
                    });
                }
            }
        }

        let codes = crate::config::other_codes(&config);
        let parsed: Vec<(Option<Loaded>, Vec<Diagnostic>, Option<TranslationOf>)> = content
            .into_par_iter()
            .map(|file| load_content_file(file, &codes))
            .collect();
        let mut loaded = Vec::new();
        let mut translations = Vec::new();
        for (item, mut found, translation) in parsed {
            match (item, translation) {
                (Some(item), Some(of)) => {
                    translations.push(crate::content::translation::Translation {
                        language: of.language,
                        source_path: of.source_path,
                        source_hash: of.source_hash,
                        item,
                    })
                }
                (item, _) => loaded.extend(item),
            }
            // Findings that are only warnings (a file named like an unlisted translation).
            let (errors, advice): (Vec<_>, Vec<_>) =
                found.drain(..).partition(Diagnostic::is_error);
            problems.extend(errors);
            warnings.extend(advice);
        }

        // Colours people may not be able to read (site.toml `accent_color`).
        warnings.extend(config.contrast_warnings());
        // A case study written only in another language (`name.<code>.md` with no `name.md`)
        // is a case study of that language alone.
        let sources: HashSet<String> = loaded.iter().map(|l| l.source().content_path()).collect();
        let (alone, translations): (Vec<_>, Vec<_>) = translations.into_iter().partition(|t| {
            matches!(t.item, Loaded::CaseStudy(_)) && !sources.contains(&t.source_path)
        });
        for t in alone {
            if let Loaded::CaseStudy(mut c) = t.item {
                c.only_in = Some(t.language);
                loaded.push(Loaded::CaseStudy(c));
            }
        }
        let mut library = Library {
            root: canonical_root,
            config,
            home: None,
            intros: BTreeMap::new(),
            pages: Vec::new(),
            glossary: None,
            case_studies: Vec::new(),
            toolkit: Toolkit::default(),
            principle_sets: Vec::new(),
            forms: Vec::new(),
            assets,
            refused_assets,
            templates,
            taxonomies: BTreeMap::new(),
            citations: HashMap::new(),
            related: Vec::new(),
            warnings,
            translations: without_drafts(translations, &loaded, options.drafts),
            errors: Vec::new(),
        };
        // No case study lists more terms than `[limits]` allows: cut, with an error, before
        // anything is built from them (src/limits.rs).
        for item in loaded
            .iter_mut()
            .chain(library.translations.iter_mut().map(|t| &mut t.item))
        {
            if let Loaded::CaseStudy(c) = item {
                problems.extend(c.cap_terms(library.config.limits.terms_per_case_study));
            }
        }
        let mut sections = Vec::new();
        for item in loaded {
            match item {
                Loaded::Home(p) => library.home = Some(p),
                Loaded::Intro(folder, p) => {
                    library.intros.insert(folder, p);
                }
                Loaded::Page(p) => library.pages.push(p),
                Loaded::Glossary(g) => library.glossary = Some(g),
                Loaded::CaseStudy(c) if c.meta.draft && !options.drafts => {}
                Loaded::CaseStudy(c) => library.case_studies.push(*c),
                Loaded::Section(s) => sections.push(s),
                Loaded::PrincipleSet(s) => library.principle_sets.push(s),
                Loaded::Form(f) => library.forms.push(*f),
            }
        }
        library.toolkit = toolkit::assemble(sections);
        library.relink(problems);
        Ok(library)
    }

    /// Sorts, cross-references and checks the loaded content; `problems` are those found reading
    /// the files.
    pub(crate) fn relink(&mut self, problems: Vec<Diagnostic>) {
        self.relink_with(problems, false);
    }

    /// As [`Library::relink`], run by `serve` after replacing edited case studies
    /// (src/incremental.rs). With `same_themes` (no case study's themes or principles changed
    /// since the last relink), the related case studies are kept if the order did not change
    /// either: on a large library they cost the most.
    pub(crate) fn relink_with(&mut self, mut problems: Vec<Diagnostic>, same_themes: bool) {
        let before: Vec<String> = if same_themes {
            self.case_studies.iter().map(|c| c.slug.clone()).collect()
        } else {
            Vec::new()
        };
        // The terms of the library's own taxonomies, before anything is indexed.
        for cs in self.case_studies.iter_mut() {
            problems.extend(cs.resolve_taxonomies(&self.config));
        }
        self.sort();
        let keep_related = same_themes
            && self.related.len() == self.case_studies.len()
            && self.case_studies.iter().map(|c| &c.slug).eq(before.iter());
        // Two case studies with one title: a warning, replaced at each relink.
        self.warnings.retain(|w| w.rule != DUPLICATE_TITLE);
        self.warnings.extend(self.check_titles());
        problems.extend(self.principle_sets.iter().flat_map(|s| s.validate()));
        problems.extend(self.forms.iter().flat_map(|f| f.validate()));
        // Files that could not be read are reported once: what cites them is not also wrong.
        let unreadable = unreadable_files(&problems);
        problems.extend(self.check_case_studies(&unreadable));
        problems.extend(self.check_callouts(&unreadable));
        problems.extend(super::image::check(self));
        problems.extend(super::urls::check(self));
        self.index_taxonomies();
        self.index_citations();
        if !keep_related {
            self.related = related_case_studies(self);
        }
        problems.extend(crate::content::translation::check_translations(self));

        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        problems.dedup();
        self.errors = problems;
    }

    fn sort(&mut self) {
        self.case_studies.sort_by(|a, b| {
            b.sort_date()
                .cmp(&a.sort_date())
                .then_with(|| a.meta.title.cmp(&b.meta.title))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        self.principle_sets.sort_by(|a, b| a.id.cmp(&b.id));
        self.forms.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.pages.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    }

    /// Two case studies with one title: a warning, since two real stories may share a title
    /// (each has its own address, from its file name). Two files whose names make one address
    /// are an error found by the site plan, src/site/, with every other clash of addresses.
    fn check_titles(&self) -> Vec<Diagnostic> {
        let mut titles: HashMap<String, &Path> = HashMap::new();
        let mut problems = Vec::new();
        for cs in &self.case_studies {
            let (source, title) = (&cs.source, &cs.meta.title);
            if let Some(first) = titles.insert(title.trim().to_lowercase(), &source.path) {
                let (line, column) = front_matter_key(source, "title");
                problems.push(
                    Diagnostic::warning_at(
                        &source.path,
                        line,
                        column,
                        format!(
                            "another case study already has the title \"{title}\": `{}`",
                            display_path(first)
                        ),
                    )
                    .with_rule(DUPLICATE_TITLE)
                    .with_span(5)
                    .with_help("readers cannot tell the two apart in lists and search: add what makes this one different, such as the place or year, to its title")
                    .with_source(&source.text),
                );
            }
        }
        problems
    }

    fn check_case_studies(&self, unreadable: &HashSet<String>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let principle_ids: Vec<String> = self
            .principle_sets
            .iter()
            .flat_map(|s| {
                s.meta
                    .principles
                    .iter()
                    .map(move |p| format!("{}/{}", s.id, p.id.value))
            })
            .collect();
        for cs in &self.case_studies {
            let path = &cs.source.path;
            problems.extend(cs.consent_problem());
            for taxonomy in Taxonomy::all(&self.config) {
                let Some(allowed) = taxonomy.allowed_terms(&self.config) else {
                    continue;
                };
                for term in cs.located_terms(taxonomy) {
                    if allowed.iter().any(|a| a == &term.value) {
                        continue;
                    }
                    let fixed = matches!(
                        taxonomy,
                        Taxonomy::EngagementLevels | Taxonomy::FieldsOfPractice
                    );
                    let help = match (
                        closest(&term.value, allowed.iter().map(String::as_str)),
                        fixed,
                    ) {
                        (Some(best), true) => format!("did you mean `{best}`?"),
                        (None, true) => format!("use one of: {}", allowed.join(", ")),
                        (Some(best), false) => format!(
                            "did you mean `{best}`? (or add it to [taxonomies.{}] terms in site.toml)",
                            taxonomy_key(taxonomy, &self.config)
                        ),
                        (None, false) if allowed.len() <= 20 => format!(
                            "use one of: {} (or add it to [taxonomies.{}] terms in site.toml)",
                            allowed.join(", "),
                            taxonomy_key(taxonomy, &self.config)
                        ),
                        (None, false) => format!(
                            "use a term listed in [taxonomies.{}] in site.toml, or add this one there",
                            taxonomy_key(taxonomy, &self.config)
                        ),
                    };
                    problems.push(
                        Diagnostic::error_at(
                            path,
                            term.line,
                            term.column,
                            format!(
                                "`{}` is not one of the library's {}",
                                term.value,
                                taxonomy.title(&self.config).to_lowercase()
                            ),
                        )
                        .with_rule("terms")
                        .with_span(term.value.chars().count())
                        .with_help(help)
                        .with_source(&cs.source.text),
                    );
                }
            }
            for p in &cs.meta.principles {
                let set = p.value.split('/').next().unwrap_or("");
                let set_unread = unreadable.contains(&format!("principles/{set}.md"))
                    && !self.principle_sets.iter().any(|s| s.id == set);
                if principle_ids.contains(&p.value) || set_unread {
                    continue;
                }
                let help = match closest(&p.value, principle_ids.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if !p.value.contains('/') => {
                        "write principles as `<set>/<id>`, e.g. `core/sharing-power`".to_string()
                    }
                    None => "cite a principle from a file in content/principles/".to_string(),
                };
                problems.push(
                    Diagnostic::error_at(
                        path,
                        p.line,
                        p.column,
                        format!("unknown principle `{}`", p.value),
                    )
                    .with_rule("principles")
                    .with_span(p.value.chars().count())
                    .with_help(help)
                    .with_source(&cs.source.text),
                );
            }
        }
        problems
    }

    fn check_callouts(&self, unreadable: &HashSet<String>) -> Vec<Diagnostic> {
        let slugs: Vec<&str> = self.case_studies.iter().map(|c| c.slug.as_str()).collect();
        let mut problems = Vec::new();
        for section in &self.toolkit.sections {
            for callout in &section.meta.callouts {
                let wanted = callout_slug(&callout.value);
                if self.callout_target(&callout.value).is_some()
                    || unreadable.contains(&format!("case-studies/{wanted}.md"))
                {
                    continue;
                }
                let help = match closest(wanted, slugs.iter().copied()) {
                    Some(best) => format!("did you mean `@/case-studies/{best}.md`?"),
                    None => "name a case study as `@/case-studies/<file>.md`".to_string(),
                };
                problems.push(
                    Diagnostic::error_at(
                        &section.source.path,
                        callout.line,
                        callout.column,
                        format!("call-out to unknown case study `{}`", callout.value),
                    )
                    .with_rule("callout")
                    .with_help(help)
                    .with_source(&section.source.text),
                );
            }
        }
        problems
    }

    /// The case study a toolkit call-out names.
    pub(crate) fn callout_target(&self, reference: &str) -> Option<usize> {
        let slug = callout_slug(reference);
        self.case_studies.iter().position(|c| c.slug == slug)
    }

    /// Recomputes the taxonomy pages' term names (after the config changed, e.g. per language).
    pub(crate) fn reindex_taxonomies(&mut self) {
        self.index_taxonomies();
    }

    fn index_taxonomies(&mut self) {
        let mut taxonomies: BTreeMap<Taxonomy, TermIndex> = BTreeMap::new();
        // The fixed vocabularies always have every term's page, so the spectrum never links
        // to a page that does not exist.
        for taxonomy in [Taxonomy::EngagementLevels, Taxonomy::FieldsOfPractice] {
            let index = taxonomies.entry(taxonomy).or_default();
            for term in taxonomy.allowed_terms(&self.config).unwrap_or_default() {
                index.ensure(taxonomy, &self.config, &term);
            }
        }
        // Counted in the library's language: a case study written only in another is not.
        let shown = self.case_studies.iter().enumerate();
        for (i, cs) in shown.filter(|(_, c)| c.shown_in(&self.config.language)) {
            for taxonomy in Taxonomy::all(&self.config) {
                let index = taxonomies.entry(taxonomy).or_default();
                for term in cs.terms(taxonomy) {
                    index.add(taxonomy, &self.config, &term, i);
                }
            }
        }
        self.taxonomies = taxonomies;
    }

    fn index_citations(&mut self) {
        let mut citations: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, cs) in self.case_studies.iter().enumerate() {
            for p in &cs.meta.principles {
                let list = citations.entry(p.value.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        self.citations = citations;
    }

    /// Every Markdown file of the library: the case studies last.
    pub(crate) fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources_but_case_studies()
            .chain(self.case_studies.iter().map(|c| &c.source))
    }

    /// Every Markdown file of the library but its case studies.
    pub(crate) fn sources_but_case_studies(&self) -> impl Iterator<Item = &Source> {
        self.home
            .iter()
            .map(|p| &p.source)
            .chain(self.intros.values().map(|p| &p.source))
            .chain(self.toolkit.sections.iter().map(|s| &s.source))
            .chain(self.principle_sets.iter().map(|s| &s.source))
            .chain(self.forms.iter().map(|f| &f.source))
            .chain(self.pages.iter().map(|p| &p.source))
            .chain(self.glossary.iter().map(|g| &g.source))
    }
}

/// The content paths (`case-studies/x.md`) of Markdown files with errors among `problems`:
/// read before relinking, these are the files that could not be loaded.
fn unreadable_files(problems: &[Diagnostic]) -> HashSet<String> {
    problems
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            let path = display_path(&d.path);
            let content = path.strip_prefix("content/")?;
            content.ends_with(".md").then(|| content.to_string())
        })
        .collect()
}

fn callout_slug(reference: &str) -> &str {
    let r = reference.trim();
    let r = r.strip_prefix("@/").unwrap_or(r);
    let r = r.strip_prefix("case-studies/").unwrap_or(r);
    r.strip_suffix(".md").unwrap_or(r)
}

fn taxonomy_key(t: Taxonomy, config: &Config) -> String {
    match t.custom_name(config) {
        Some(name) => name.to_string(),
        None => t.config_key().to_string(),
    }
}

/// The output folder of a plain page: `about`, or `news` for `news/_index.md`.
pub(crate) fn page_url_dir(page: &Page) -> String {
    let content_path = page.source.content_path();
    let dir = content_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let own = if page.slug == "_index" {
        String::new()
    } else {
        slugify(&page.slug)
    };
    [dir, own.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks `content/`, `static/` and `templates/` by the library's one rule for links
/// (src/inputs.rs): a link is followed only to a file inside the library and outside its hidden
/// folders; hidden files and folders (`.git`, `.well-known`) and editor backups are skipped; a
/// file over the size limit is refused. The walk is in order on one thread; the files are then
/// read on several, since on a large library whose sources are no longer in the page cache
/// each read waits on the disk.
fn collect_files(
    root: &Path,
    limits: &crate::limits::Limits,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<RawFile> {
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    'walk: for top in ["content", "static", "templates"] {
        let dir = match crate::inputs::folder(root, top) {
            Ok(Some(dir)) => dir,
            Ok(None) => continue,
            Err(refused) => {
                problems.push(refused);
                continue;
            }
        };
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !(name.starts_with('.') || name.ends_with('~'))
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| relative(root, p))
                        .unwrap_or_else(|| top.into());
                    problems.push(Diagnostic::file_error(
                        path,
                        format!("cannot read this folder: {e}"),
                    ));
                    continue;
                }
            };
            let rel = relative(root, entry.path());
            let mut real = entry.path().to_path_buf();
            if entry.path_is_symlink() && entry.depth() > 0 {
                match crate::inputs::resolve(root, entry.path()) {
                    Ok(target) => real = target,
                    Err(refused) => {
                        problems.push(refused.diagnostic(&rel));
                        continue;
                    }
                }
                if real.is_dir() {
                    warnings.push(Diagnostic::warning_at(
                        &rel,
                        0,
                        0,
                        "symbolic links to folders are not followed",
                    ));
                    continue;
                }
            }
            if !real.is_file() {
                continue;
            }
            if found.len() >= MAX_FILES {
                problems.push(
                    Diagnostic::file_error(
                        top,
                        format!("the library has more than {MAX_FILES} files"),
                    )
                    .with_help("split the library"),
                );
                break 'walk;
            }
            found.push((rel, real));
        }
    }
    let read: Vec<Result<RawFile, Diagnostic>> = crate::output::with_io_threads(|| {
        found
            .into_par_iter()
            .map(|(rel, real)| read_file(&rel, &real, limits))
            .collect()
    });
    let mut files = Vec::with_capacity(read.len());
    for file in read {
        match file {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    files
}

/// Reads one source file, refusing it if it is over the size limit.
fn read_file(
    rel: &Path,
    real: &Path,
    limits: &crate::limits::Limits,
) -> Result<RawFile, Diagnostic> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Diagnostic::file_error(rel, format!("cannot read this file: {e}"));
    let mut file = std::fs::File::open(real).map_err(cannot)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let shown = display_path(rel);
    if let Some(too_big) = limits.check_file_size(&shown, size) {
        return Err(too_big);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(RawFile { rel: shown, bytes })
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A content file typed by its folder.
#[derive(Debug, Clone)]
pub(crate) enum Loaded {
    Home(Page),
    Intro(String, Page),
    Page(Page),
    Glossary(Glossary),
    CaseStudy(Box<CaseStudy>),
    Section(LoadedSection),
    PrincipleSet(PrincipleSet),
    Form(Box<Form>),
}

impl Loaded {
    /// The Markdown file it was read from.
    pub(crate) fn source(&self) -> &Source {
        match self {
            Loaded::Home(p) | Loaded::Intro(_, p) | Loaded::Page(p) => &p.source,
            Loaded::Glossary(g) => &g.source,
            Loaded::CaseStudy(c) => &c.source,
            Loaded::Section(s) => &s.source,
            Loaded::PrincipleSet(s) => &s.source,
            Loaded::Form(f) => &f.source,
        }
    }
}

/// Translations of case studies left out as drafts (or drafts themselves) are left out too.
fn without_drafts(
    mut translations: Vec<crate::content::translation::Translation>,
    loaded: &[Loaded],
    drafts: bool,
) -> Vec<crate::content::translation::Translation> {
    if drafts {
        return translations;
    }
    let draft_slugs: HashSet<&str> = loaded
        .iter()
        .filter_map(|l| match l {
            Loaded::CaseStudy(c) if c.meta.draft => Some(c.slug.as_str()),
            _ => None,
        })
        .collect();
    translations.retain(|t| match &t.item {
        Loaded::CaseStudy(c) => !c.meta.draft && !draft_slugs.contains(c.slug.as_str()),
        _ => true,
    });
    translations
}

/// What a translation file (`name.<lang>.md`) translates.
struct TranslationOf {
    language: String,
    source_path: String,
    source_hash: Option<String>,
}

/// Decodes one Markdown file and reads its front matter as the kind its folder says. Problems
/// that leave the content usable (unknown fields) come back beside it, so later checks still run.
fn load_content_file(
    file: RawFile,
    codes: &[String],
) -> (Option<Loaded>, Vec<Diagnostic>, Option<TranslationOf>) {
    let mut problems = Vec::new();
    let content_path = file
        .rel
        .strip_prefix("content/")
        .unwrap_or(&file.rel)
        .to_string();
    let (dir, name) = match content_path.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n.to_string()),
        None => (String::new(), content_path.clone()),
    };
    let mut translation = None;
    let mut as_path = content_path.clone();
    if let Some((base, language)) = crate::content::translation::translation_name(&name, codes) {
        as_path = format!("{dir}{base}");
        translation = Some(TranslationOf {
            language,
            source_path: as_path.clone(),
            source_hash: None,
        });
    } else if let Some(code) = crate::content::translation::unlisted_language_suffix(&name) {
        // Named like a translation into a language site.toml does not list: left out of the
        // site (never published as a page of its own), with a warning.
        problems.push(
            Diagnostic::warning_at(
                &file.rel,
                0,
                0,
                format!(
                    "this looks like a translation into `{code}`, which site.toml does not list; it is left out"
                ),
            )
            .with_help(format!(
                "add the language to site.toml as [[languages]] code = \"{code}\", or rename the file"
            )),
        );
        return (None, problems, None);
    }
    match read_content_file(file, &as_path, &mut translation, &mut problems) {
        Ok(loaded) => (Some(loaded), problems, translation),
        Err(mut fatal) => {
            problems.append(&mut fatal);
            (None, problems, translation)
        }
    }
}

fn read_content_file(
    file: RawFile,
    content_path: &str,
    translation: &mut Option<TranslationOf>,
    problems: &mut Vec<Diagnostic>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let path = PathBuf::from(&file.rel);
    let mut text = decode(&path, file.bytes)?;
    if let Some(t) = translation {
        let (without, hash) = crate::content::translation::take_source_hash(&text);
        text = without;
        t.source_hash = hash;
    }
    let parts = front_matter::split(&path, &text).map_err(|d| vec![d])?;
    let content_path = content_path.to_string();
    let segments: Vec<&str> = content_path.split('/').collect();
    let stem = segments
        .last()
        .and_then(|s| s.strip_suffix(".md"))
        .unwrap_or("")
        .to_string();
    let body_offset = parts.body_offset;
    let source = |text: String| Source {
        path: path.clone(),
        text,
        body_offset,
    };

    Ok(match segments.as_slice() {
        ["_index.md"] => Loaded::Home(page(&path, &text, &parts, stem, source, problems)?),
        ["toolkit", rest @ ..] => {
            let mut section_path: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            if section_path.last().is_some_and(|s| s == "_index.md") {
                section_path.pop();
            } else if let Some(last) = section_path.last_mut() {
                *last = slugify(last.trim_end_matches(".md"));
            }
            let meta: SectionMeta = parse(&path, &text, &parts, "toolkit section", problems)?;
            Loaded::Section(LoadedSection {
                path: section_path,
                meta,
                source: source(text),
            })
        }
        [folder, "_index.md"] => Loaded::Intro(
            folder.to_string(),
            page(&path, &text, &parts, stem, source, problems)?,
        ),
        ["case-studies", _] => {
            let meta: CaseStudyMeta = parse(&path, &text, &parts, "case study", problems)?;
            Loaded::CaseStudy(Box::new(CaseStudy::new(slugify(&stem), meta, source(text))))
        }
        ["principles", _] => {
            let meta: PrincipleSetMeta = parse(&path, &text, &parts, "principle set", problems)?;
            Loaded::PrincipleSet(PrincipleSet {
                id: slugify(&stem),
                meta,
                source: source(text),
            })
        }
        ["forms", _] => {
            let meta: FormMeta = parse(&path, &text, &parts, "form", problems)?;
            Loaded::Form(Box::new(Form {
                slug: slugify(&stem),
                meta,
                source: source(text),
            }))
        }
        ["glossary.md"] => {
            let meta: GlossaryMeta = parse(&path, &text, &parts, "glossary", problems)?;
            Loaded::Glossary(Glossary {
                meta,
                source: source(text),
            })
        }
        ["case-studies" | "principles" | "forms", ..] => {
            return Err(vec![
                Diagnostic::file_error(&path, "this file is in a folder Cairn does not read")
                    .with_help(format!("move it directly into content/{}/", segments[0])),
            ]);
        }
        _ => Loaded::Page(page(&path, &text, &parts, stem, source, problems)?),
    })
}

fn page(
    path: &Path,
    text: &str,
    parts: &Parts<'_>,
    slug: String,
    source: impl FnOnce(String) -> Source,
    problems: &mut Vec<Diagnostic>,
) -> Result<Page, Vec<Diagnostic>> {
    let meta: PageMeta = parse(path, text, parts, "page", problems)?;
    Ok(Page {
        slug,
        meta,
        source: source(text.to_string()),
    })
}

fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    parts: &Parts<'_>,
    kind: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<T, Vec<Diagnostic>> {
    let (value, mut found) = front_matter::parse(path, text, parts, kind)?;
    problems.append(&mut found);
    Ok(value)
}

/// UTF-8 text without a byte-order mark; invalid bytes are an error naming their line.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Vec<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(vec![
                Diagnostic::error_at(path, line, 0, "this file is not UTF-8 text")
                    .with_rule("encoding")
                    .with_help(
                    "save the file with UTF-8 encoding (most editors offer this in \"Save as\")",
                ),
            ])
        }
    }
}

/// Up to three case studies sharing the most themes and principles with each one
/// (src/content/related.rs).
fn related_case_studies(library: &Library) -> Vec<Vec<usize>> {
    let keys: Vec<Vec<String>> = library
        .case_studies
        .iter()
        .map(|cs| {
            let themes = cs.meta.themes.iter().map(|t| format!("t:{}", t.value));
            let principles = cs.meta.principles.iter().map(|p| format!("p:{}", p.value));
            themes.chain(principles).collect()
        })
        .collect();
    super::related::most_shared(&keys, super::related::WINDOW)
}

#[cfg(test)]
mod tests {
    // Pins that the duplicate-title warning's rule is one `cairn check --only` knows.
    #[test]
    fn duplicate_title_rule_is_listed() {
        let rules = crate::diagnostic::RULES;
        assert!(rules.iter().any(|(id, _)| *id == super::DUPLICATE_TITLE));
    }
}
