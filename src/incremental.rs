//! `serve`'s rebuilds: what changed decides what is built again.
//!
//! An edited case study is read again on its own, and only the pages that show it are rendered:
//! its page, the pages of the library and of its terms where its card is or was (and those its
//! move between them shifted), the chunks of the library's filter data that changed, its
//! principles, the case studies that list it as related (before or after the edit), toolkit
//! call-outs, the pages that count every case study and the feed; the search index and the
//! open data files are rebuilt afterwards, off the reload's path ([`Builder::later_job`]). A changed file
//! under `static/` is copied in without rendering a page. Anything else (templates, `site.toml`,
//! a page added, deleted or moved, a changed engagement level, whose counts every case-study page
//! shows) rebuilds everything, as `cairn build` would.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::content::case_study::{CaseStudy, CaseStudyMeta};
use crate::content::library::{LoadOptions, MAX_FILE_BYTES};
use crate::content::taxonomy::Taxonomy;
use crate::content::{Library, Source, front_matter};
use crate::diagnostic::{Diagnostic, display_path};
use crate::error::Error;
use crate::i18n::Strings;
use crate::output::{Output, Sink};
use crate::render::markdown::{self, Origin, Rendered};
use crate::render::templates::Templates;
use crate::render::{self, RenderOptions, SiteFiles};
use crate::site::{CARDS_CHUNK, PageKind, Site, TERMS_CHUNK};
use crate::theme::Theme;
use crate::url::root_of;

/// One file of the site: its output path and bytes.
pub(crate) type File = (String, Arc<Vec<u8>>);

/// The served site: output path -> bytes, shared so that a rebuild copies pointers, not pages.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// The folders `serve` watches under the library root, besides `site.toml`.
pub(crate) const WATCHED: [&str; 4] = ["content", "templates", "themes", "static"];

/// How much a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Everything, as `cairn build` does.
    Full,
    /// The pages showing the edited case studies.
    Pages,
    /// Static files copied in; no page rendered.
    Assets,
}

/// What a rebuild changed in the served site.
#[derive(Debug)]
pub enum Patch {
    /// A whole new site.
    Replace(Files),
    /// These files, new or changed; every other file stays.
    Update(Vec<(String, Arc<Vec<u8>>)>),
}

/// A finished rebuild.
#[derive(Debug)]
pub struct Rebuild {
    pub kind: Kind,
    pub patch: Patch,
    /// Library-relative paths of the changed files that caused it (empty for the first build).
    pub changed: Vec<String>,
    /// HTML pages rendered.
    pub pages: usize,
    /// Files written (pages included).
    pub files: usize,
    /// Only stylesheets changed: the browser can swap them without reloading.
    pub(crate) css_only: bool,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage of an incremental rebuild took, in order (empty for the others):
    /// `cairn serve` prints them when `CAIRN_SERVE_TIMING` is set.
    pub stages: Vec<(&'static str, Duration)>,
}

/// What a set of changed files calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site is built from (editor temporary files, other folders).
    Nothing,
    Full,
    /// Existing case studies edited in place (library-relative paths).
    CaseStudies(Vec<PathBuf>),
    /// Files under `static/` or the chosen theme's `static/` (library-relative, `/` separators).
    Assets(Vec<String>),
}

/// Keeps the loaded library between rebuilds and decides how little to rebuild.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    /// `--base-url`, in place of site.toml's `base_url`.
    base_url: Option<String>,
    options: RenderOptions,
    /// Every file under the watched folders at the last full build (relative, `/` separators).
    known: HashSet<String>,
    /// The canonical root, once known.
    canonical: Option<PathBuf>,
    /// Present after a full build whose library loaded without errors.
    state: Option<State>,
}

struct State {
    library: Library,
    /// The plan of the last good build.
    site: Site,
    theme: Theme,
    strings: Strings,
    /// The pictures in every size (src/images.rs).
    images: std::sync::Arc<crate::images::Images>,
    templates: Templates,
    bodies: BTreeMap<String, Rendered>,
    /// Every page URL of the site, sorted.
    urls: Vec<String>,
    /// What the pages showed at the last good build.
    good: Footprint,
    /// Case studies read again since the last good build, with the problems found reading them.
    pending: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// What those case studies showed at the last good build, by slug.
    before: HashMap<String, Shown>,
}

impl Builder {
    /// A builder for the library at `root`; `options.body_end` is injected into every page.
    pub fn new(root: &Path, drafts: bool, options: RenderOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            drafts,
            base_url: None,
            options,
            known: HashSet::new(),
            canonical: None,
            state: None,
        }
    }

    /// Publishes under `base_url` instead of site.toml's (`cairn serve --base-url`).
    pub fn with_base_url(mut self, base_url: Option<String>) -> Builder {
        self.base_url = base_url;
        self
    }

    /// The library root, canonical once a build has run.
    pub(crate) fn root(&self) -> PathBuf {
        self.canonical.clone().unwrap_or_else(|| self.root.clone())
    }

    /// Builds everything, keeping what later incremental rebuilds need.
    pub fn full(&mut self, changed: Vec<String>) -> Result<Rebuild, Error> {
        let started = Instant::now();
        self.state = None;
        self.canonical = self.root.canonicalize().ok();
        self.known = known_files(&self.root());
        let library = Library::load(
            &self.root,
            &LoadOptions {
                drafts: self.drafts,
                base_url: self.base_url.clone(),
            },
        )?;
        let sink = FilesSink::default();
        let warnings = crate::build::render_checked(&library, &self.options, &sink)?.warnings;
        let files = sink.into_files();
        let pages = files.keys().filter(|p| p.ends_with(".html")).count();
        let count = files.len();

        // What incremental rebuilds start from.
        let (theme, _) = Theme::resolve(&library.root, &library.config.theme, &library.templates)?;
        let templates = Templates::new(&theme)?;
        let strings = Strings::load(&library.root, &library.config)?;
        let site = Site::plan(&library, theme.assets.keys().map(String::as_str))?;
        let images = crate::build::images(&library);
        let targets =
            render::link_targets(&library, &site, &library.config.language, Some(&images));
        let bodies = render::render_bodies(&library, &targets);
        let urls = sorted_urls(&site);
        self.state = Some(State {
            good: Footprint::of(&library, &site),
            library,
            site,
            theme,
            strings,
            images,
            templates,
            bodies,
            urls,
            pending: BTreeMap::new(),
            before: HashMap::new(),
        });
        Ok(Rebuild {
            kind: Kind::Full,
            patch: Patch::Replace(files),
            changed,
            pages,
            files: count,
            css_only: false,
            warnings,
            elapsed: started.elapsed(),
            stages: Vec::new(),
        })
    }

    /// What the changed paths (absolute, as the watcher reports them) call for.
    pub fn plan(&self, changed: &[PathBuf]) -> Plan {
        let root = self.root();
        let mut case_studies = Vec::new();
        let mut assets = Vec::new();
        let mut full = false;
        for path in changed {
            let Some(rel) = relative(&root, &self.root, path) else {
                continue;
            };
            let rel_str = display_path(&rel);
            if ignored(&rel_str) {
                continue;
            }
            let absolute = root.join(&rel);
            let exists = absolute.exists();
            let known = self.known.contains(&rel_str)
                || self
                    .known
                    .iter()
                    .any(|k| k.starts_with(&format!("{rel_str}/")));
            if !exists && !known {
                continue; // created and removed again: an editor's temporary file
            }
            if absolute.is_dir() {
                // A folder moved in holds files never seen; one that changed in place does not.
                if walkdir::WalkDir::new(&absolute)
                    .into_iter()
                    .flatten()
                    .filter(|e| e.file_type().is_file())
                    .any(|e| {
                        relative(&root, &self.root, e.path())
                            .is_some_and(|r| !self.known.contains(&display_path(&r)))
                    })
                {
                    full = true;
                }
                continue;
            }
            match self.kind_of(&rel_str, exists) {
                Some(Plan::CaseStudies(_)) => case_studies.push(rel),
                Some(Plan::Assets(_)) => assets.push(rel_str),
                Some(Plan::Nothing) | None => {}
                Some(Plan::Full) => full = true,
            }
        }
        if full || (!case_studies.is_empty() && !assets.is_empty()) {
            Plan::Full
        } else if !case_studies.is_empty() {
            case_studies.sort();
            case_studies.dedup();
            Plan::CaseStudies(case_studies)
        } else if !assets.is_empty() {
            assets.sort();
            assets.dedup();
            Plan::Assets(assets)
        } else {
            Plan::Nothing
        }
    }

    /// How one changed file (relative) is rebuilt; `None` when it is not part of the site.
    fn kind_of(&self, rel: &str, exists: bool) -> Option<Plan> {
        let top = rel.split('/').next().unwrap_or("");
        if rel == "site.toml" {
            return Some(Plan::Full);
        }
        if !WATCHED.contains(&top) {
            return None;
        }
        let Some(state) = &self.state else {
            return Some(Plan::Full);
        };
        let segments: Vec<&str> = rel.split('/').collect();
        match segments.as_slice() {
            ["content", "case-studies", name] if name.ends_with(".md") && exists => {
                let path = Path::new(rel);
                let loaded = state
                    .library
                    .case_studies
                    .iter()
                    .any(|c| c.source.path == path);
                Some(if loaded {
                    Plan::CaseStudies(Vec::new())
                } else {
                    Plan::Full
                })
            }
            ["static", ..] if exists => Some(Plan::Assets(Vec::new())),
            ["themes", theme, "static", ..] if exists => {
                if *theme == state.library.config.theme {
                    Some(Plan::Assets(Vec::new()))
                } else {
                    None
                }
            }
            ["themes", theme, ..] if *theme != state.library.config.theme => None,
            _ => Some(Plan::Full),
        }
    }

    /// Carries out a plan. `Ok(None)` when there was nothing to do.
    pub fn rebuild(&mut self, plan: Plan, changed: Vec<String>) -> Result<Option<Rebuild>, Error> {
        match plan {
            Plan::Nothing => Ok(None),
            Plan::Full => self.full(changed).map(Some),
            Plan::CaseStudies(paths) => match self.case_studies(&paths, &changed)? {
                Some(done) => Ok(Some(done)),
                None => self.full(changed).map(Some),
            },
            Plan::Assets(paths) => match self.assets(&paths, &changed)? {
                Some(done) => Ok(Some(done)),
                None => self.full(changed).map(Some),
            },
        }
    }

    /// Re-reads edited case studies and renders the pages that show them. `Ok(None)` when the
    /// edit cannot be patched in (the set of pages changed): build everything instead.
    fn case_studies(
        &mut self,
        paths: &[PathBuf],
        changed: &[String],
    ) -> Result<Option<Rebuild>, Error> {
        let started = Instant::now();
        let mut stages = Stages::new(started);
        let drafts = self.drafts;
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        let mut same_themes = true;
        for rel in paths {
            match reread(&state.library, rel, drafts) {
                Reread::Replaced(i, cs, problems) => {
                    let old = &state.library.case_studies[i];
                    state
                        .before
                        .entry(old.slug.clone())
                        .or_insert_with(|| Shown::of(old, &state.library, &state.site));
                    let values = |c: &CaseStudy| {
                        let themes: Vec<String> =
                            c.meta.themes.iter().map(|t| t.value.clone()).collect();
                        let principles: Vec<String> =
                            c.meta.principles.iter().map(|p| p.value.clone()).collect();
                        (themes, principles)
                    };
                    same_themes &= values(old) == values(&cs);
                    state.library.case_studies[i] = *cs;
                    state.pending.insert(rel.clone(), problems);
                }
                // The front matter cannot be read: keep the old version, report the problems.
                Reread::Unreadable(problems) => {
                    state.pending.insert(rel.clone(), problems);
                }
                Reread::NotPatchable => return Ok(None),
            }
        }
        stages.mark("read");
        let library = &mut state.library;
        library.relink_with(
            state.pending.values().flatten().cloned().collect(),
            same_themes,
        );
        if !library.errors.is_empty() {
            return Err(Error::Content(library.errors.clone()));
        }

        stages.mark("relink");
        // The pages of the library as it is now: a page added or gone needs a full build.
        let site = Site::plan(library, state.theme.assets.keys().map(String::as_str))
            .map_err(Error::Content)?;
        if sorted_urls(&site) != state.urls {
            return Ok(None);
        }
        stages.mark("plan");
        // The edited bodies, rendered as the full build renders them.
        let targets = render::link_targets(
            library,
            &site,
            &library.config.language,
            Some(&state.images),
        );
        let pending: BTreeSet<&Path> = state.pending.keys().map(PathBuf::as_path).collect();
        for (i, cs) in library
            .case_studies
            .iter()
            .enumerate()
            .filter(|(_, c)| pending.contains(c.source.path.as_path()))
        {
            let url = site.case_study(i);
            let origin = Origin {
                path: &cs.source.path,
                file_text: &cs.source.text,
                offset: Some(cs.source.body_offset),
                fallback_line: 0,
                page: Some(url),
            };
            let rendered = markdown::render(cs.source.body(), origin, &root_of(url), &targets);
            state.bodies.insert(cs.source.content_path(), rendered);
        }
        stages.mark("bodies");
        let mut errors: Vec<Diagnostic> = state
            .bodies
            .values()
            .flat_map(|r| r.problems.iter().filter(|d| d.is_error()).cloned())
            .collect();
        errors.extend(
            render::check_anchors(library, &state.bodies)
                .into_iter()
                .filter(Diagnostic::is_error),
        );
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
            errors.dedup();
            return Err(Error::Content(errors));
        }

        stages.mark("check");
        let now = Footprint::of(library, &site);
        let slugs: BTreeSet<String> = library
            .case_studies
            .iter()
            .filter(|c| pending.contains(c.source.path.as_path()))
            .map(|c| c.slug.clone())
            .collect();
        let wanted = state
            .good
            .affected(&now, &state.before, &slugs, library, &site);
        stages.mark("affected");
        let sink = FilesSink::default();
        let files = SiteFiles {
            library,
            images: &state.images,
            site: &site,
            theme: &state.theme,
            strings: &state.strings,
        };
        crate::build::render_pages(
            &files,
            &state.templates,
            &self.options,
            &state.bodies,
            &|url: &str| wanted.as_ref().is_none_or(|w| w.contains(url)),
            &sink,
        )
        .map_err(Error::Content)?;
        stages.mark("render");
        state.site = site;
        state.good = now;
        state.pending.clear();
        state.before.clear();
        let files = sink.into_files();
        let mut put: Vec<(String, Arc<Vec<u8>>)> = files.into_iter().collect();
        put.sort_by(|a, b| a.0.cmp(&b.0));
        stages.mark("patch");
        Ok(Some(Rebuild {
            kind: Kind::Pages,
            pages: put.iter().filter(|(p, _)| p.ends_with(".html")).count(),
            files: put.len(),
            patch: Patch::Update(put),
            changed: changed.to_vec(),
            css_only: false,
            warnings: Vec::new(),
            elapsed: started.elapsed(),
            stages: stages.parts,
        }))
    }

    /// Copies changed static files in. `Ok(None)` when a full build is needed instead.
    fn assets(&mut self, paths: &[String], changed: &[String]) -> Result<Option<Rebuild>, Error> {
        let started = Instant::now();
        let root = self.root();
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        let library = &mut state.library;
        let theme_dir = format!("themes/{}/", library.config.theme);
        let mut put = Vec::new();
        for rel in paths {
            let Some(bytes) = read_regular(&root.join(rel)) else {
                return Ok(None);
            };
            let output_path = if rel.starts_with("static/") {
                rel.clone()
            } else if let Some(rest) = rel.strip_prefix(&theme_dir) {
                let overridden = library.assets.iter().any(|a| a.output_path == rest);
                if overridden {
                    continue; // the library's own static/ wins, as in the build
                }
                rest.to_string()
            } else {
                continue;
            };
            match library
                .assets
                .iter_mut()
                .find(|a| a.output_path == output_path && rel.starts_with("static/"))
            {
                Some(asset) => asset.bytes = bytes.clone(),
                None if rel.starts_with("static/") => {
                    library.assets.push(crate::content::library::Asset {
                        output_path: output_path.clone(),
                        source: PathBuf::from(rel),
                        bytes: bytes.clone(),
                    });
                    self.known.insert(rel.clone());
                }
                None => {}
            }
            put.push((output_path, Arc::new(bytes)));
        }
        let css_only = paths.iter().all(|p| p.ends_with(".css"));
        Ok(Some(Rebuild {
            kind: Kind::Assets,
            files: put.len(),
            pages: 0,
            patch: Patch::Update(put),
            changed: changed.to_vec(),
            css_only,
            warnings: Vec::new(),
            elapsed: started.elapsed(),
            stages: Vec::new(),
        }))
    }

    /// The search index and the open data files of the library as it is now, to build after
    /// the pages, off the reload's path: on 10,000 case studies the index takes seconds.
    pub fn later_job(&self) -> Option<impl FnOnce() -> Vec<File> + Send + 'static> {
        let state = self.state.as_ref()?;
        let library = state.library.clone();
        let site = state.site.clone();
        Some(move || {
            let mut output = Output::default();
            crate::data::insert(&library, &site, &mut output);
            let _ = crate::search::insert(&library, &site, &mut output);
            output
                .files()
                .map(|(p, b)| (p.to_string(), Arc::new(b.to_vec())))
                .collect()
        })
    }
}

/// The time each stage of a rebuild took, for [`Rebuild::stages`].
struct Stages {
    last: Instant,
    parts: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn new(started: Instant) -> Stages {
        Stages {
            last: started,
            parts: Vec::new(),
        }
    }

    /// Ends stage `name`.
    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.parts.push((name, now - self.last));
        self.last = now;
    }
}

/// The outcome of reading one edited case study again.
enum Reread {
    Replaced(usize, Box<CaseStudy>, Vec<Diagnostic>),
    Unreadable(Vec<Diagnostic>),
    NotPatchable,
}

fn reread(library: &Library, rel: &Path, drafts: bool) -> Reread {
    let Some(i) = library
        .case_studies
        .iter()
        .position(|c| c.source.path == rel)
    else {
        return Reread::NotPatchable;
    };
    let Some(bytes) = read_regular(&library.root.join(rel)) else {
        return Reread::NotPatchable;
    };
    let Ok(mut text) = String::from_utf8(bytes) else {
        return Reread::NotPatchable; // the full load names the line
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    let parts = match front_matter::split(rel, &text) {
        Ok(parts) => parts,
        Err(d) => return Reread::Unreadable(vec![d]),
    };
    let body_offset = parts.body_offset;
    let (meta, problems) =
        match front_matter::parse::<CaseStudyMeta>(rel, &text, &parts, "case study") {
            Ok(found) => found,
            Err(problems) => return Reread::Unreadable(problems),
        };
    if meta.draft && !drafts {
        return Reread::NotPatchable; // the case study leaves the site
    }
    let cs = CaseStudy::new(
        library.case_studies[i].slug.clone(),
        meta,
        Source {
            path: rel.to_path_buf(),
            text,
            body_offset,
        },
    );
    Reread::Replaced(i, Box::new(cs), problems)
}

/// A plain file's bytes, refusing links, folders and files over the size limit.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    std::fs::read(path).ok()
}

/// The pages that show a case study's card besides the listings (the library's pages and its
/// terms', which [`Footprint`] compares): its principle pages, and its engagement level (whose
/// counts every case-study page shows).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    urls: Vec<String>,
    level: Option<String>,
}

impl Shown {
    fn of(cs: &CaseStudy, library: &Library, site: &Site) -> Shown {
        let mut urls = Vec::new();
        for p in &cs.meta.principles {
            let Some((set_id, id)) = p.value.split_once('/') else {
                continue;
            };
            let found = library
                .principle_sets
                .iter()
                .enumerate()
                .find(|(_, s)| s.id == set_id)
                .and_then(|(i, s)| Some((i, s.principle(id)?.0)));
            if let Some((i, j)) = found {
                urls.push(site.principle(i, j).to_string());
                urls.push(site.principle_set(i).to_string());
            }
        }
        Shown {
            urls,
            level: cs.engagement_level().map(|l| l.as_str().to_string()),
        }
    }
}

/// One term's paged listing: its name, and its case studies, in order, by their place in
/// [`Footprint::order`].
#[derive(Debug, PartialEq, Eq)]
struct TermShown {
    name: String,
    members: Vec<usize>,
}

/// Which case studies each page lists beside its own, to find the pages an edit touches.
#[derive(Debug, Default)]
struct Footprint {
    /// slug -> the related case studies' slugs.
    related: HashMap<String, Vec<String>>,
    /// toolkit section URL -> slugs it calls out.
    callouts: Vec<(String, Vec<String>)>,
    /// The case studies' slugs in the library's order: the library's pages and the chunks of
    /// its filter data list them so.
    order: Vec<String>,
    /// Each case study's rank by title and its terms, by its place in `order`: what the filter
    /// data's `terms-K.js` holds.
    ranks: Vec<usize>,
    rows: Vec<String>,
    /// Every term's listing, by the listing's first page.
    terms: HashMap<PageKind, TermShown>,
    /// What the library page's filters and the filter data's index show: each taxonomy's terms
    /// in order, with their names and counts.
    filters: Vec<(String, String, String, usize)>,
}

impl Footprint {
    fn of(library: &Library, site: &Site) -> Footprint {
        let slug = |i: usize| library.case_studies[i].slug.clone();
        let related = library
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| (slug(i), r.iter().map(|&j| slug(j)).collect()))
            .collect();
        let callouts = library
            .toolkit
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let slugs = s
                    .meta
                    .callouts
                    .iter()
                    .filter_map(|c| library.callout_target(&c.value))
                    .map(slug)
                    .collect();
                (site.toolkit_section(i).to_string(), slugs)
            })
            .collect();
        let mut terms = HashMap::new();
        for (t, index) in &library.taxonomies {
            for (term_slug, term) in &index.terms {
                terms.insert(
                    PageKind::Term(*t, term_slug.clone()),
                    TermShown {
                        name: term.name.clone(),
                        members: term.case_studies.clone(),
                    },
                );
            }
        }
        let mut rows = vec![String::new(); library.case_studies.len()];
        for t in Taxonomy::ALL {
            let Some(index) = library.taxonomies.get(&t) else {
                continue;
            };
            let segment = t.segment(&library.config);
            for (term_slug, term) in &index.terms {
                for &i in &term.case_studies {
                    let Some(row) = rows.get_mut(i) else {
                        continue;
                    };
                    row.push_str(&segment);
                    row.push('/');
                    row.push_str(term_slug);
                    row.push(' ');
                }
            }
        }
        let mut filters = Vec::new();
        for t in Taxonomy::all(&library.config)
            .into_iter()
            .chain(Taxonomy::ALL)
        {
            let ordered = library
                .taxonomies
                .get(&t)
                .map(|index| index.ordered(t))
                .unwrap_or_default();
            filters.push((t.segment(&library.config), String::new(), String::new(), 0));
            filters.extend(ordered.iter().map(|term| {
                (
                    term.slug.clone(),
                    term.term.clone(),
                    term.name.clone(),
                    term.case_studies.len(),
                )
            }));
        }
        Footprint {
            related,
            callouts,
            order: library
                .case_studies
                .iter()
                .map(|c| c.slug.clone())
                .collect(),
            ranks: crate::render::listing::title_ranks(library),
            rows,
            terms,
            filters,
        }
    }

    /// The page URLs (and paths of the library's filter data) that show any of `slugs` before
    /// (`self`, `before`) or after (`now`, `library`) the edit, and every page whose related
    /// case studies changed; `None` means every page.
    fn affected(
        &self,
        now: &Footprint,
        before: &HashMap<String, Shown>,
        slugs: &BTreeSet<String>,
        library: &Library,
        site: &Site,
    ) -> Option<HashSet<String>> {
        // Pages listing every case study (or counting them); the paged listings come below.
        let mut wanted: HashSet<String> = site
            .pages()
            .iter()
            .filter(|p| p.kind.shows_every_case_study() && p.kind.listing().is_none())
            .map(|p| p.url.clone())
            .collect();
        let by_slug: HashMap<&str, usize> = library
            .case_studies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.slug.as_str(), i))
            .collect();
        for (i, cs) in library
            .case_studies
            .iter()
            .enumerate()
            .filter(|(_, c)| slugs.contains(&c.slug))
        {
            let after = Shown::of(cs, library, site);
            let old = before.get(&cs.slug);
            // Every case-study page shows how many case studies each level has.
            if old.is_some_and(|o| o.level != after.level) {
                return None;
            }
            wanted.insert(site.case_study(i).to_string());
            for shown in old.into_iter().chain([&after]) {
                wanted.extend(shown.urls.iter().cloned());
            }
        }
        for (slug, related) in &now.related {
            let old = self.related.get(slug);
            let shows_edited = related
                .iter()
                .chain(old.into_iter().flatten())
                .any(|r| slugs.contains(r));
            if (shows_edited || old != Some(related))
                && let Some(&i) = by_slug.get(slug.as_str())
            {
                wanted.insert(site.case_study(i).to_string());
            }
        }
        for (url, called) in self.callouts.iter().chain(&now.callouts) {
            if called.iter().any(|s| slugs.contains(s)) {
                wanted.insert(url.clone());
            }
        }
        self.listings(now, slugs, library, site, &mut wanted);
        Some(wanted)
    }

    /// The slugs of the case studies at `places` of `order`.
    fn slugs(&self, places: &[usize]) -> Vec<&str> {
        places
            .iter()
            .filter_map(|&i| self.order.get(i).map(String::as_str))
            .collect()
    }

    /// Adds to `wanted` the pages of the paged listings (the library, each term) and the files
    /// of the library's filter data that an edit of `slugs` changed: those holding a case
    /// study that was edited or that moved, and all of them when what they all show changed
    /// (a term's name or count). With more than one language, every page and file of the
    /// listings that hold an edited case study: a translated title orders them otherwise.
    fn listings(
        &self,
        now: &Footprint,
        slugs: &BTreeSet<String>,
        library: &Library,
        site: &Site,
        wanted: &mut HashSet<String>,
    ) {
        let size = library.config.listing.page_size.max(1);
        let precise = site.languages().len() <= 1;
        let every = |first: &PageKind, wanted: &mut HashSet<String>| {
            wanted.extend(site.listing_urls(first).map(String::from));
        };
        // Places in a listing whose case study changed: edited, or another one there now.
        let changed = |old: &[&str], new: &[&str]| -> Vec<usize> {
            (0..old.len().max(new.len()))
                .filter(|&p| {
                    let (a, b) = (old.get(p), new.get(p));
                    a != b || b.is_some_and(|s| slugs.contains(*s))
                })
                .collect()
        };
        let pages = |first: &PageKind, places: &[usize], wanted: &mut HashSet<String>| {
            let mut numbers: Vec<usize> = places.iter().map(|p| p / size + 1).collect();
            numbers.dedup();
            for n in numbers {
                let url = site.listing_url(first, n);
                if !url.is_empty() {
                    wanted.insert(url.to_string());
                }
            }
        };

        // The library's own pages, and its filter data.
        let filters_changed = self.filters != now.filters;
        let old: Vec<&str> = self.order.iter().map(String::as_str).collect();
        let new: Vec<&str> = now.order.iter().map(String::as_str).collect();
        let places = changed(&old, &new);
        let data = site.library_data();
        if filters_changed || !precise {
            every(&PageKind::Library, wanted);
            wanted.extend(data.iter().cloned());
        } else {
            pages(&PageKind::Library, &places, wanted);
            let chunk = |name: &str, k: usize| format!("/{name}-{k}.js");
            let mut files: BTreeSet<String> = places
                .iter()
                .map(|p| chunk("cards", p / CARDS_CHUNK))
                .collect();
            files.extend(
                (0..old.len().max(new.len()))
                    .filter(|&p| {
                        old.get(p) != new.get(p)
                            || self.ranks.get(p) != now.ranks.get(p)
                            || self.rows.get(p) != now.rows.get(p)
                    })
                    .map(|p| chunk("terms", p / TERMS_CHUNK)),
            );
            wanted.extend(
                data.iter()
                    .filter(|path| files.iter().any(|f| path.ends_with(f.as_str())))
                    .cloned(),
            );
        }

        // Each term's pages.
        let keys: HashSet<&PageKind> = self.terms.keys().chain(now.terms.keys()).collect();
        for first in keys {
            let (Some(a), Some(b)) = (self.terms.get(first), now.terms.get(first)) else {
                every(first, wanted);
                continue;
            };
            let old = self.slugs(&a.members);
            let new = now.slugs(&b.members);
            let places = changed(&old, &new);
            if places.is_empty() && a.name == b.name {
                continue;
            }
            // Its title or how many it lists (every page's pager counts them) changed.
            if !precise || a.name != b.name || old.len() != new.len() {
                every(first, wanted);
            } else {
                pages(first, &places, wanted);
            }
        }
    }
}

/// Every page URL of `site`, sorted.
fn sorted_urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = site.pages().iter().map(|p| p.url.clone()).collect();
    urls.sort_unstable();
    urls
}

/// Every file under the watched folders, relative to `root`, plus `site.toml`.
fn known_files(root: &Path) -> HashSet<String> {
    let mut known = HashSet::from(["site.toml".to_string()]);
    for top in WATCHED {
        for entry in walkdir::WalkDir::new(root.join(top))
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_dir()
                && let Ok(rel) = entry.path().strip_prefix(root)
            {
                known.insert(display_path(rel));
            }
        }
    }
    known
}

/// `path` relative to the library root (given canonical or as typed).
fn relative(canonical: &Path, given: &Path, path: &Path) -> Option<PathBuf> {
    path.strip_prefix(canonical)
        .or_else(|_| path.strip_prefix(given))
        .ok()
        .map(Path::to_path_buf)
}

/// Hidden files, editor backups and swap files: never part of the site.
fn ignored(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with('.'))
        || rel.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|ext| rel.ends_with(ext))
}

/// Collects rendered files into [`Files`].
#[derive(Default)]
pub(crate) struct FilesSink(Mutex<Files>);

impl FilesSink {
    pub(crate) fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for FilesSink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}
