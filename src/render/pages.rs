//! Each template's own values: one struct per template (`docs/templates.md` lists them), made
//! from the library with every address read from the site plan.

use serde::Serialize;

use super::Renderer;
use super::markdown::{Origin, TocEntry};
use crate::content::Source;
use crate::content::case_study::{Contact, Link};
use crate::content::image::ImageMeta;
use crate::content::taxonomy::{EngagementLevel, Taxonomy};
use crate::content::toolkit::Resource;
use crate::images::Picture;
use crate::site::PageKind;

/// A link in the breadcrumbs.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb {
    pub(crate) title: String,
    pub(crate) href: String,
}

/// A taxonomy term a page links to.
#[derive(Debug, Serialize)]
pub(crate) struct TermLink {
    pub(crate) name: String,
    pub(crate) href: String,
}

/// A term with the number of case studies it has.
#[derive(Debug, Serialize)]
pub(crate) struct TermCount {
    pub(crate) name: String,
    pub(crate) count: usize,
    pub(crate) href: String,
}

/// One step of the engagement spectrum (`partials/spectrum.html`).
#[derive(Debug, Serialize)]
pub(crate) struct SpectrumStep {
    pub(crate) step: usize,
    pub(crate) slug: &'static str,
    pub(crate) name: String,
    pub(crate) href: String,
    pub(crate) count: usize,
    pub(crate) current: bool,
}

/// `index.html`: the home page. Its newest case studies' cards are `newest`.
#[derive(Debug, Serialize)]
pub(crate) struct HomePage {
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) themes: Vec<TermCount>,
    pub(crate) spectrum: Vec<SpectrumStep>,
    pub(crate) principle_sets: Vec<HomeSet>,
    pub(crate) forms: Vec<HomeForm>,
    pub(crate) toolkit: Vec<ToolkitPart>,
    pub(crate) case_study_count: usize,
    pub(crate) breadcrumbs: Vec<Crumb>,
    /// The home page's picture.
    pub(crate) image: Option<Picture>,
}

#[derive(Debug, Serialize)]
pub(crate) struct HomeSet {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) count: usize,
    pub(crate) description: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct HomeForm {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) description: Option<String>,
}

/// A top-level part of the toolkit.
#[derive(Debug, Serialize)]
pub(crate) struct ToolkitPart {
    pub(crate) title: String,
    pub(crate) number: String,
    pub(crate) href: String,
    pub(crate) description: Option<String>,
}

/// `case-studies.html`: one page of the library of case studies, with filters. The cards of
/// this page are `cards`.
#[derive(Debug, Serialize)]
pub(crate) struct LibraryPage {
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) filters: Vec<Filter>,
    pub(crate) add_case_study_url: Option<String>,
    pub(crate) breadcrumbs: Vec<Crumb>,
    pub(crate) pager: Pager,
    /// The filter data the library's script loads (`case-studies/cards/index.js`), and the
    /// page's path to its language's root, which the data's addresses start from.
    pub(crate) library_data: String,
    pub(crate) data_root: String,
}

/// `pager`: where a page of a paged listing (the library, a term) is among its pages.
#[derive(Debug, Serialize)]
pub(crate) struct Pager {
    /// This page's number, from 1, and how many pages the listing has.
    pub(crate) current: usize,
    pub(crate) pages: usize,
    /// How many case studies the whole listing has, and the first and last shown on this page
    /// (counted from 1).
    pub(crate) items: usize,
    pub(crate) first_item: usize,
    pub(crate) last_item: usize,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    /// Numbered links: the first and last pages and those near this one.
    pub(crate) links: Vec<PagerLink>,
}

/// `pager.links`: a numbered link; `gap_before` when pages are skipped before it.
#[derive(Debug, Serialize)]
pub(crate) struct PagerLink {
    pub(crate) number: usize,
    pub(crate) href: String,
    pub(crate) current: bool,
    pub(crate) gap_before: bool,
}

/// One taxonomy's filter on the library page.
#[derive(Debug, Serialize)]
pub(crate) struct Filter {
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) terms: Vec<FilterTerm>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FilterTerm {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) count: usize,
    pub(crate) href: String,
}

/// `case-study.html`. Related case studies' cards are `related`.
#[derive(Debug, Serialize)]
pub(crate) struct CaseStudyPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) summary: &'a str,
    /// When it happened, in the page's language.
    pub(crate) when: String,
    /// `YYYY-MM-DD` for `<time>`.
    pub(crate) date: Option<String>,
    pub(crate) place: Vec<TermLink>,
    pub(crate) organisations: &'a [String],
    pub(crate) themes: Vec<TermLink>,
    pub(crate) approaches: Vec<TermLink>,
    /// Its terms in each of the library's own taxonomies it has terms in.
    pub(crate) taxonomies: Vec<CustomTerms>,
    pub(crate) fields: Vec<TermLink>,
    pub(crate) level: Option<String>,
    pub(crate) spectrum: Vec<SpectrumStep>,
    pub(crate) principles: Vec<CitedPrinciple>,
    pub(crate) outcomes: &'a [String],
    pub(crate) links: &'a [Link],
    pub(crate) contact: &'a Option<Contact>,
    pub(crate) people: Vec<&'a str>,
    pub(crate) source: &'a Option<String>,
    pub(crate) licence: &'a Option<String>,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) breadcrumbs: Vec<Crumb>,
    pub(crate) image: Option<Picture>,
}

/// A case study's terms in one of the library's own taxonomies.
#[derive(Debug, Serialize)]
pub(crate) struct CustomTerms {
    pub(crate) title: String,
    pub(crate) terms: Vec<TermLink>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CitedPrinciple {
    pub(crate) name: String,
    pub(crate) set: String,
    pub(crate) href: String,
}

/// `toolkit-section.html`. Case studies called out are `callouts`.
#[derive(Debug, Serialize)]
pub(crate) struct ToolkitSectionPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) number: &'a str,
    pub(crate) numbered_title: String,
    pub(crate) content: String,
    pub(crate) toc: &'a [TocEntry],
    pub(crate) resources: &'a [Resource],
    pub(crate) children: Vec<SectionLink<'a>>,
    pub(crate) previous: Option<SectionLink<'a>>,
    pub(crate) next: Option<SectionLink<'a>>,
    pub(crate) sidebar: Vec<SidebarEntry<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
    pub(crate) image: Option<Picture>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SectionLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) number: &'a str,
    pub(crate) href: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct SidebarEntry<'a> {
    pub(crate) title: &'a str,
    pub(crate) number: &'a str,
    pub(crate) depth: usize,
    pub(crate) href: String,
    pub(crate) current: bool,
    pub(crate) open: bool,
}

/// `principles.html`: every principle set.
#[derive(Debug, Serialize)]
pub(crate) struct PrinciplesPage {
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) sets: Vec<SetSummary>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SetSummary {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) href: String,
    pub(crate) principles: Vec<NamedLink>,
}

#[derive(Debug, Serialize)]
pub(crate) struct NamedLink {
    pub(crate) name: String,
    pub(crate) href: String,
}

/// `principle-set.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PrincipleSetPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) content: String,
    pub(crate) source: &'a Option<String>,
    pub(crate) principles: Vec<SetPrinciple<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SetPrinciple<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) description: String,
    pub(crate) href: String,
    /// How many case studies cite it.
    pub(crate) count: usize,
}

/// `principle.html`. The case studies citing it are `cards`.
#[derive(Debug, Serialize)]
pub(crate) struct PrinciplePage<'a> {
    pub(crate) title: &'a str,
    pub(crate) number: usize,
    pub(crate) set: SetLink<'a>,
    pub(crate) content: String,
    pub(crate) others: Vec<OtherPrinciple<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SetLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct OtherPrinciple<'a> {
    pub(crate) number: usize,
    pub(crate) name: &'a str,
    pub(crate) href: String,
}

/// `forms.html`: every form.
#[derive(Debug, Serialize)]
pub(crate) struct FormsPage {
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) forms: Vec<FormSummary>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FormSummary {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) href: String,
    /// How many statements it has.
    pub(crate) items: usize,
}

/// `taxonomy.html`: every term of a taxonomy.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyPage {
    pub(crate) title: String,
    pub(crate) key: String,
    pub(crate) terms: Vec<TermCount>,
    pub(crate) spectrum: Vec<SpectrumStep>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

/// `term.html`: one page of a term's case studies, as `cards`.
#[derive(Debug, Serialize)]
pub(crate) struct TermPage {
    pub(crate) title: String,
    pub(crate) taxonomy: TaxonomyLink,
    pub(crate) spectrum: Vec<SpectrumStep>,
    pub(crate) breadcrumbs: Vec<Crumb>,
    pub(crate) pager: Pager,
}

#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyLink {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) key: String,
}

/// `page.html`: a plain page, a folder's introduction, or the "Download the data" page.
#[derive(Debug, Serialize)]
pub(crate) struct PlainPage {
    pub(crate) title: String,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

/// `glossary.html`.
#[derive(Debug, Serialize)]
pub(crate) struct GlossaryPage<'a> {
    pub(crate) title: &'a str,
    pub(crate) content: String,
    pub(crate) terms: Vec<GlossaryEntry<'a>>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub(crate) struct GlossaryEntry<'a> {
    /// The anchor of its definition.
    pub(crate) id: String,
    pub(crate) term: &'a str,
    pub(crate) expansion: &'a Option<String>,
    pub(crate) definition: &'a str,
}

/// `404.html` and `offline.html`: a title, and for the 404 page the address its links start
/// from.
#[derive(Debug, Serialize)]
pub(crate) struct TitlePage {
    pub(crate) title: String,
    pub(crate) breadcrumbs: Vec<Crumb>,
    /// A host serves the 404 page at whatever address was typed, at any depth (GitHub Pages,
    /// Netlify), so its links start from the site's own path (`/library/`), not from the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) base_href: Option<String>,
}

/// `search.html`: the search page's filter choices.
#[derive(Debug, Serialize)]
pub(crate) struct SearchPage {
    pub(crate) title: String,
    pub(crate) kinds: Vec<Choice>,
    pub(crate) themes: Vec<Choice>,
    pub(crate) places: Vec<Choice>,
    pub(crate) levels: Vec<Choice>,
    pub(crate) breadcrumbs: Vec<Crumb>,
}

/// A value a filter can take.
#[derive(Debug, Serialize)]
pub(crate) struct Choice {
    pub(crate) slug: String,
    pub(crate) name: String,
}

impl Renderer<'_> {
    pub(super) fn home(&self, root: &str) -> HomePage {
        let lib = self.library;
        let (title, content) = match &lib.home {
            Some(h) => (h.meta.title.clone(), self.body_html(&h.source)),
            None => (lib.config.title.clone(), String::new()),
        };
        let themes = lib
            .taxonomies
            .get(&Taxonomy::Themes)
            .map(|i| self.term_counts(Taxonomy::Themes, i, root))
            .unwrap_or_default();
        HomePage {
            title,
            content,
            themes,
            spectrum: self.spectrum(root, None),
            principle_sets: lib
                .principle_sets
                .iter()
                .enumerate()
                .map(|(i, s)| HomeSet {
                    title: s.meta.title.clone(),
                    href: self.href(root, self.site.principle_set(i)),
                    count: s.meta.principles.len(),
                    description: s.meta.description.clone(),
                })
                .collect(),
            forms: lib
                .forms
                .iter()
                .enumerate()
                .map(|(i, f)| HomeForm {
                    title: f.meta.title.clone(),
                    href: self.href(root, self.site.form(i)),
                    description: f.meta.description.clone(),
                })
                .collect(),
            toolkit: self.toolkit_parts(root),
            case_study_count: lib.case_studies.len(),
            breadcrumbs: Vec::new(),
            image: lib
                .home
                .as_ref()
                .and_then(|h| self.picture(h.meta.image.as_ref(), &h.source, root)),
        }
    }

    /// A page's picture (`image`), in every size made of it (src/images.rs).
    pub(super) fn picture(
        &self,
        meta: Option<&ImageMeta>,
        source: &Source,
        root: &str,
    ) -> Option<Picture> {
        self.targets.pictures.as_ref()?.picture(meta, source, root)
    }

    fn toolkit_parts(&self, root: &str) -> Vec<ToolkitPart> {
        let tk = &self.library.toolkit;
        tk.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.depth == 1)
            .map(|(i, s)| ToolkitPart {
                title: s.meta.title.clone(),
                number: s.number.clone(),
                href: self.href(root, self.site.toolkit_section(i)),
                description: s.meta.description.clone(),
            })
            .collect()
    }

    /// Page `n` of the paged listing whose first page is `first`, of `items` case studies.
    pub(super) fn pager(&self, first: &PageKind, n: usize, items: usize, root: &str) -> Pager {
        let size = self.library.config.listing.page_size.max(1);
        let pages = self.site.listing_len(first).max(1);
        let link = |k: usize| self.href(root, self.site.listing_url(first, k));
        let mut numbers: Vec<usize> = [1, pages]
            .into_iter()
            .chain(n.saturating_sub(2).max(1)..=(n + 2).min(pages))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut links = Vec::with_capacity(numbers.len());
        let mut last = 0;
        for k in numbers {
            links.push(PagerLink {
                number: k,
                href: link(k),
                current: k == n,
                gap_before: k > last + 1,
            });
            last = k;
        }
        Pager {
            current: n,
            pages,
            items,
            first_item: ((n - 1) * size + 1).min(items),
            last_item: (n * size).min(items),
            previous: (n > 1).then(|| link(n - 1)),
            next: (n < pages).then(|| link(n + 1)),
            links,
        }
    }

    /// A listing page's title: the listing's, and the page number after the first page.
    fn paged_title(&self, title: String, n: usize) -> String {
        match n {
            1 => title,
            n => format!("{title} · {} {n}", self.t("page")),
        }
    }

    pub(super) fn library_page(&self, n: usize, root: &str) -> LibraryPage {
        let lib = self.library;
        let intro = lib.intros.get("case-studies");
        let filters = Taxonomy::all(&lib.config)
            .into_iter()
            .map(|t| {
                let terms = lib
                    .taxonomies
                    .get(&t)
                    .map(|i| i.ordered(t))
                    .unwrap_or_default();
                Filter {
                    key: t.segment(&lib.config),
                    title: t.title(&lib.config),
                    terms: terms
                        .iter()
                        .map(|term| FilterTerm {
                            slug: term.slug.clone(),
                            name: term.name.clone(),
                            count: term.case_studies.len(),
                            href: self.href(root, self.site.term(t, &term.slug)),
                        })
                        .collect(),
                }
            })
            .collect();
        let title = intro.map_or_else(|| self.t("case_studies"), |p| p.meta.title.clone());
        LibraryPage {
            title: self.paged_title(title, n),
            // The introduction is on the first page only.
            content: match n {
                1 => intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
                _ => String::new(),
            },
            filters,
            add_case_study_url: crate::contribute::add_case_study_url(lib),
            breadcrumbs: self.crumbs(root, &[]),
            pager: self.pager(&PageKind::Library, n, lib.case_studies.len(), root),
            library_data: self.href(root, crate::site::LIBRARY_DATA_INDEX),
            data_root: root.to_string(),
        }
    }

    pub(super) fn case_study(&self, i: usize, root: &str) -> CaseStudyPage<'_> {
        let lib = self.library;
        let cs = &lib.case_studies[i];
        let m = &cs.meta;
        let (content, toc) = self.case_study_body(i);
        let principles = m
            .principles
            .iter()
            .filter_map(|p| {
                let (set_id, pid) = p.value.split_once('/')?;
                let (s, set) = lib
                    .principle_sets
                    .iter()
                    .enumerate()
                    .find(|(_, s)| s.id == set_id)?;
                let (j, principle) = set.principle(pid)?;
                Some(CitedPrinciple {
                    name: principle.name.clone(),
                    set: set.meta.title.clone(),
                    href: self.href(root, self.site.principle(s, j)),
                })
            })
            .collect();
        let level = cs.engagement_level();
        CaseStudyPage {
            title: &m.title,
            summary: &cs.summary,
            when: self.languages.when(cs),
            date: cs.sort_date().map(|d| d.iso()),
            place: self.term_links(Taxonomy::Places, &cs.terms(Taxonomy::Places), root),
            organisations: &m.organisations,
            themes: self.term_links(Taxonomy::Themes, &cs.terms(Taxonomy::Themes), root),
            approaches: self.term_links(
                Taxonomy::Approaches,
                &cs.terms(Taxonomy::Approaches),
                root,
            ),
            taxonomies: Taxonomy::all(&lib.config)
                .into_iter()
                .filter(|t| matches!(t, Taxonomy::Custom(_)) && !cs.terms(*t).is_empty())
                .map(|t| CustomTerms {
                    title: t.title(&lib.config),
                    terms: self.term_links(t, &cs.terms(t), root),
                })
                .collect(),
            fields: self.term_links(
                Taxonomy::FieldsOfPractice,
                &cs.terms(Taxonomy::FieldsOfPractice),
                root,
            ),
            level: level.map(|l| Taxonomy::EngagementLevels.display_name(&lib.config, l.as_str())),
            spectrum: match level {
                Some(_) => self.spectrum(root, level),
                None => Vec::new(),
            },
            principles,
            outcomes: &m.outcomes,
            links: &m.links,
            contact: &m.contact,
            people: m.people.iter().map(|p| p.value.as_str()).collect(),
            source: &m.source,
            licence: &m.licence,
            content,
            toc,
            breadcrumbs: self.crumbs(
                root,
                &[(
                    self.t("case_studies").as_str(),
                    self.site.url(&PageKind::Library),
                )],
            ),
            image: self.picture(m.image.as_ref(), &cs.source, root),
        }
    }

    pub(super) fn toolkit_section(&self, i: usize, root: &str) -> ToolkitSectionPage<'_> {
        let lib = self.library;
        let tk = &lib.toolkit;
        let s = &tk.sections[i];
        let chain = tk.ancestors(i);
        let crumb_items: Vec<(String, &str)> = chain[..chain.len() - 1]
            .iter()
            .map(|&a| {
                (
                    tk.sections[a].numbered_title(),
                    self.site.toolkit_section(a),
                )
            })
            .collect();
        let crumb_refs: Vec<(&str, &str)> =
            crumb_items.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        let nav = |j: usize| {
            let t = &tk.sections[j];
            SectionLink {
                title: &t.meta.title,
                number: &t.number,
                href: self.href(root, self.site.toolkit_section(j)),
            }
        };
        let sidebar = tk
            .sections
            .iter()
            .enumerate()
            .map(|(j, t)| SidebarEntry {
                title: &t.meta.title,
                number: &t.number,
                depth: t.depth,
                href: self.href(root, self.site.toolkit_section(j)),
                current: j == i,
                open: chain.contains(&j) || t.parent.is_none_or(|p| chain.contains(&p)),
            })
            .collect();
        ToolkitSectionPage {
            title: &s.meta.title,
            number: &s.number,
            numbered_title: s.numbered_title(),
            content: self.body_html(&s.source),
            toc: &self.body(&s.source).toc,
            resources: &s.meta.resources,
            children: tk.children(i).map(|(j, _)| nav(j)).collect(),
            previous: i.checked_sub(1).map(nav),
            next: (i + 1 < tk.sections.len()).then(|| nav(i + 1)),
            sidebar,
            breadcrumbs: self.crumbs(root, &crumb_refs),
            image: self.picture(s.meta.image.as_ref(), &s.source, root),
        }
    }

    pub(super) fn principles(&self, root: &str) -> PrinciplesPage {
        let lib = self.library;
        let intro = lib.intros.get("principles");
        PrinciplesPage {
            title: intro.map_or_else(|| self.t("principles"), |p| p.meta.title.clone()),
            content: intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
            sets: lib
                .principle_sets
                .iter()
                .enumerate()
                .map(|(i, s)| SetSummary {
                    title: s.meta.title.clone(),
                    description: s.meta.description.clone(),
                    href: self.href(root, self.site.principle_set(i)),
                    principles: s
                        .meta
                        .principles
                        .iter()
                        .enumerate()
                        .map(|(j, p)| NamedLink {
                            name: p.name.clone(),
                            href: self.href(root, self.site.principle(i, j)),
                        })
                        .collect(),
                })
                .collect(),
            breadcrumbs: self.crumbs(root, &[]),
        }
    }

    pub(super) fn principle_description(&self, set: usize, j: usize, root: &str) -> String {
        let s = &self.library.principle_sets[set];
        let p = &s.meta.principles[j];
        let origin = Origin {
            path: &s.source.path,
            file_text: &s.source.text,
            offset: None,
            fallback_line: p.id.line,
            page: None,
        };
        super::markdown::render_inline(&p.description, origin, root, self.targets).html
    }

    pub(super) fn principle_set(&self, i: usize, root: &str) -> PrincipleSetPage<'_> {
        let lib = self.library;
        let s = &lib.principle_sets[i];
        PrincipleSetPage {
            title: &s.meta.title,
            content: self.body_html(&s.source),
            source: &s.meta.source,
            principles: s
                .meta
                .principles
                .iter()
                .enumerate()
                .map(|(j, p)| SetPrinciple {
                    id: &p.id.value,
                    name: &p.name,
                    description: self.principle_description(i, j, root),
                    href: self.href(root, self.site.principle(i, j)),
                    count: lib
                        .citations
                        .get(&format!("{}/{}", s.id, p.id.value))
                        .map_or(0, Vec::len),
                })
                .collect(),
            breadcrumbs: self.crumbs(
                root,
                &[(
                    self.t("principles").as_str(),
                    self.site.url(&PageKind::Principles),
                )],
            ),
        }
    }

    pub(super) fn principle(&self, i: usize, j: usize, root: &str) -> PrinciplePage<'_> {
        let s = &self.library.principle_sets[i];
        let p = &s.meta.principles[j];
        let set_url = self.site.principle_set(i);
        PrinciplePage {
            title: &p.name,
            number: j + 1,
            set: SetLink {
                title: &s.meta.title,
                href: self.href(root, set_url),
            },
            content: self.principle_description(i, j, root),
            others: s
                .meta
                .principles
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != j)
                .map(|(k, o)| OtherPrinciple {
                    number: k + 1,
                    name: &o.name,
                    href: self.href(root, self.site.principle(i, k)),
                })
                .collect(),
            breadcrumbs: self.crumbs(
                root,
                &[
                    (
                        self.t("principles").as_str(),
                        self.site.url(&PageKind::Principles),
                    ),
                    (&s.meta.title, set_url),
                ],
            ),
        }
    }

    pub(super) fn forms(&self, root: &str) -> FormsPage {
        let lib = self.library;
        let intro = lib.intros.get("forms");
        FormsPage {
            title: intro.map_or_else(|| self.t("forms"), |p| p.meta.title.clone()),
            content: intro.map(|p| self.body_html(&p.source)).unwrap_or_default(),
            forms: lib
                .forms
                .iter()
                .enumerate()
                .map(|(i, f)| FormSummary {
                    title: f.meta.title.clone(),
                    description: f.meta.description.clone(),
                    href: self.href(root, self.site.form(i)),
                    items: f.items().count(),
                })
                .collect(),
            breadcrumbs: self.crumbs(root, &[]),
        }
    }

    pub(super) fn taxonomy(&self, t: Taxonomy, root: &str) -> TaxonomyPage {
        let lib = self.library;
        TaxonomyPage {
            title: t.title(&lib.config),
            key: t.segment(&lib.config),
            terms: lib
                .taxonomies
                .get(&t)
                .map(|i| self.term_counts(t, i, root))
                .unwrap_or_default(),
            spectrum: match t == Taxonomy::EngagementLevels {
                true => self.spectrum(root, None),
                false => Vec::new(),
            },
            breadcrumbs: self.crumbs(
                root,
                &[(
                    self.t("case_studies").as_str(),
                    self.site.url(&PageKind::Library),
                )],
            ),
        }
    }

    pub(super) fn term(&self, t: Taxonomy, slug: &str, n: usize, root: &str) -> TermPage {
        let lib = self.library;
        let term = &lib.taxonomies[&t].terms[slug];
        let tax_url = self.site.url(&PageKind::Taxonomy(t));
        let title = t.title(&lib.config);
        let level = (t == Taxonomy::EngagementLevels)
            .then(|| {
                EngagementLevel::ALL
                    .iter()
                    .copied()
                    .find(|l| l.as_str() == term.term)
            })
            .flatten();
        let first = PageKind::Term(t, slug.to_string());
        TermPage {
            title: self.paged_title(term.name.clone(), n),
            pager: self.pager(&first, n, term.case_studies.len(), root),
            taxonomy: TaxonomyLink {
                title: title.clone(),
                href: self.href(root, tax_url),
                key: t.segment(&lib.config),
            },
            spectrum: match level {
                Some(_) => self.spectrum(root, level),
                None => Vec::new(),
            },
            breadcrumbs: self.crumbs(
                root,
                &[
                    (
                        self.t("case_studies").as_str(),
                        self.site.url(&PageKind::Library),
                    ),
                    (&title, tax_url),
                ],
            ),
        }
    }

    pub(super) fn plain_page(&self, title: &str, source: &Source) -> PlainPage {
        PlainPage {
            title: title.to_string(),
            content: self.body_html(source),
            toc: self.body(source).toc.clone(),
            breadcrumbs: Vec::new(),
        }
    }

    pub(super) fn glossary(&self) -> GlossaryPage<'_> {
        let g = self
            .library
            .glossary
            .as_ref()
            .expect("the plan has a glossary page only when there is a glossary");
        let mut terms: Vec<_> = g.meta.terms.iter().collect();
        terms.sort_by_key(|t| t.term.to_lowercase());
        GlossaryPage {
            title: &g.meta.title,
            content: self.body_html(&g.source),
            terms: terms
                .iter()
                .map(|t| GlossaryEntry {
                    id: crate::text::slugify(&t.term),
                    term: &t.term,
                    expansion: &t.expansion,
                    definition: &t.definition,
                })
                .collect(),
            breadcrumbs: Vec::new(),
        }
    }

    pub(super) fn search_page(&self, root: &str) -> SearchPage {
        let lib = self.library;
        let options = |t: Taxonomy| -> Vec<Choice> {
            lib.taxonomies
                .get(&t)
                .map(|i| i.ordered(t))
                .unwrap_or_default()
                .iter()
                .map(|term| Choice {
                    slug: term.slug.clone(),
                    name: term.name.clone(),
                })
                .collect()
        };
        let kind = |slug: &str, key: &str| Choice {
            slug: slug.to_string(),
            name: self.t(key),
        };
        SearchPage {
            title: self.t("search"),
            kinds: vec![
                kind("case-study", "case_studies"),
                kind("toolkit", "toolkit"),
                kind("principle", "principles"),
                kind("form", "forms"),
                kind("page", "js_kind_page"),
            ],
            themes: options(Taxonomy::Themes),
            places: options(Taxonomy::Places),
            levels: options(Taxonomy::EngagementLevels),
            breadcrumbs: self.crumbs(root, &[]),
        }
    }

    /// The "Download the data" page (src/data.rs writes what it says).
    pub(super) fn data_page(&self, root: &str) -> PlainPage {
        PlainPage {
            title: "Download the data".into(),
            content: crate::data::page_html(&self.library.config, self.library.case_studies.len()),
            toc: Vec::new(),
            breadcrumbs: self.crumbs(root, &[]),
        }
    }

    /// Links to the pages of `terms` of taxonomy `t`.
    pub(super) fn term_links(&self, t: Taxonomy, terms: &[String], root: &str) -> Vec<TermLink> {
        let config = &self.library.config;
        terms
            .iter()
            .map(|term| TermLink {
                name: t.display_name(config, term),
                href: self.href(root, self.site.term(t, &crate::text::slugify(term))),
            })
            .collect()
    }

    fn term_counts(
        &self,
        t: Taxonomy,
        index: &crate::content::taxonomy::TermIndex,
        root: &str,
    ) -> Vec<TermCount> {
        index
            .ordered(t)
            .iter()
            .map(|term| TermCount {
                name: term.name.clone(),
                count: term.case_studies.len(),
                href: self.href(root, self.site.term(t, &term.slug)),
            })
            .collect()
    }

    pub(super) fn spectrum(
        &self,
        root: &str,
        current: Option<EngagementLevel>,
    ) -> Vec<SpectrumStep> {
        let config = &self.library.config;
        let index = self.library.taxonomies.get(&Taxonomy::EngagementLevels);
        EngagementLevel::ALL
            .iter()
            .map(|l| SpectrumStep {
                step: l.step(),
                slug: l.as_str(),
                name: Taxonomy::EngagementLevels.display_name(config, l.as_str()),
                href: self.href(root, self.site.term(Taxonomy::EngagementLevels, l.as_str())),
                count: index
                    .and_then(|i| i.terms.get(l.as_str()))
                    .map_or(0, |t| t.case_studies.len()),
                current: Some(*l) == current,
            })
            .collect()
    }

    /// Home, then `items` (title, URL relative to the site root).
    pub(super) fn crumbs(&self, root: &str, items: &[(&str, &str)]) -> Vec<Crumb> {
        std::iter::once(Crumb {
            title: self.t("home"),
            href: self.href(root, self.site.url(&PageKind::Home)),
        })
        .chain(items.iter().map(|(title, url)| Crumb {
            title: title.to_string(),
            href: self.href(root, url),
        }))
        .collect()
    }
}
