//! Each case study's card (`partials/card.html`), rendered the first time a page shows it and
//! reused by every other: a case study appears on the library page, on one page for each of
//! its terms and beside related ones, about ten cards each, and rendering them all through the
//! template was a fifth of a large build. Cards are rendered with [`CARD_ROOT`] where the
//! page's path to the site root goes, and the page's own root is put in when it is used.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use super::Renderer;
use crate::content::Library;
use crate::content::taxonomy::Taxonomy;
use crate::diagnostic::Diagnostic;
use crate::images::Picture;

/// The cards made so far.
pub(super) struct Cards {
    html: Vec<OnceLock<String>>,
    /// Each card as a template value for pages two folders deep (case studies and terms, most
    /// of a large site, every card on several of them): made once, then shared, not copied.
    at_depth_two: Vec<OnceLock<tera::Value>>,
    errors: Mutex<Vec<Diagnostic>>,
}

impl Cards {
    pub(super) fn new(library: &Library) -> Cards {
        Cards {
            html: per_case_study(library),
            at_depth_two: per_case_study(library),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Errors from rendering cards (a theme's own `partials/card.html`), each once.
    pub(super) fn errors(&self) -> Vec<Diagnostic> {
        let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
        let mut errors = std::mem::take(&mut *errors);
        errors.dedup();
        errors
    }
}

/// One empty slot for each case study of `library`, filled once by whichever page needs it.
pub(super) fn per_case_study<T>(library: &Library) -> Vec<OnceLock<T>> {
    (0..library.case_studies.len())
        .map(|_| OnceLock::new())
        .collect()
}

/// The root of a page two folders deep (see `Cards::at_depth_two`).
const DEPTH_TWO: &str = "../../";

/// Stands for the path to the site root in a cached card. A control character, which the
/// card's text never contains (`card_fields` removes it).
pub(super) const CARD_ROOT: char = '\u{1}';

/// `card` in `partials/card.html`: what a card shows of a case study.
#[derive(Debug, Serialize)]
pub(crate) struct Card {
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) place: String,
    /// When it happened, in the page's language.
    pub(crate) when: String,
    /// `YYYY-MM-DD`, or `""`.
    pub(crate) date: String,
    /// The engagement level's slug and name.
    pub(crate) level: Option<&'static str>,
    pub(crate) level_name: Option<String>,
    pub(crate) themes: Vec<String>,
    /// Space-separated term slugs, for the library page's filters (`data-*` attributes).
    pub(crate) data: CardData,
    pub(crate) href: String,
    /// Its picture, its addresses starting at the site root like `href`.
    pub(crate) image: Option<Picture>,
    /// The language it is written in, when a page of another language lists it untranslated.
    pub(crate) lang: Option<CardLanguage>,
}

/// `card.lang`.
#[derive(Debug, Serialize)]
pub(crate) struct CardLanguage {
    pub(crate) code: String,
    pub(crate) dir: &'static str,
}

/// `card.data`: the slugs the library page's filters match.
#[derive(Debug, Serialize)]
pub(crate) struct CardData {
    pub(crate) themes: String,
    pub(crate) places: String,
    pub(crate) approaches: String,
    pub(crate) levels: String,
    pub(crate) fields: String,
    pub(crate) principles: String,
    /// The library's own taxonomies: each one's folder name (the filter's key) and slugs.
    pub(crate) custom: Vec<CardFacet>,
}

/// One of the library's own taxonomies on a card: `data-<key>="<slugs>"`.
#[derive(Debug, Serialize)]
pub(crate) struct CardFacet {
    pub(crate) key: String,
    pub(crate) slugs: String,
}

/// What `partials/card.html` receives.
#[derive(Serialize)]
struct CardContext {
    card: Card,
}

impl Renderer<'_> {
    /// The cards of `case_studies` for a page whose path to the site root is `root`, as a list
    /// for templates: each card's HTML, to insert with `{{ card.html | safe }}`.
    pub(super) fn cards(
        &self,
        case_studies: impl Iterator<Item = usize>,
        root: &str,
    ) -> tera::Value {
        // A case study written only in another language is not listed in this one.
        let code = &self.languages.current.code;
        let cards: Vec<tera::Value> = case_studies
            .filter(|&i| self.library.case_studies[i].shown_in(code))
            .map(|i| match root == DEPTH_TWO {
                true => self.cards.at_depth_two[i]
                    .get_or_init(|| self.card(i, root))
                    .clone(),
                false => self.card(i, root),
            })
            .collect();
        tera::Value::from(cards)
    }

    /// Case study `i`'s card for a page whose path to the site root is `root`.
    fn card(&self, i: usize, root: &str) -> tera::Value {
        let html = self.cards.html[i].get_or_init(|| {
            let context = CardContext {
                card: self.card_fields(i),
            };
            #[cfg(test)]
            self.capture("partials/card.html", &context, &Vec::new());
            match self.templates.render(
                "partials/card.html",
                &context,
                self.template_strings.clone(),
            ) {
                Ok(html) => html,
                Err(e) => {
                    let mut errors = self.cards.errors.lock().unwrap_or_else(|e| e.into_inner());
                    errors.push(e);
                    String::new()
                }
            }
        });
        let card = BTreeMap::from([("html", tera::Value::from(html.replace(CARD_ROOT, root)))]);
        tera::Value::from(card)
    }

    /// What `partials/card.html` shows of case study `i`, its link starting at [`CARD_ROOT`].
    pub(super) fn card_fields(&self, i: usize) -> Card {
        let cs = &self.library.case_studies[i];
        let config = &self.library.config;
        let slugs = |t: Taxonomy| -> String {
            cs.terms(t)
                .iter()
                .map(|x| crate::text::slugify(x))
                .collect::<Vec<_>>()
                .join(" ")
        };
        // A control character has no place in a page's text anyway.
        let clean = |s: &str| s.replace(CARD_ROOT, "");
        let level = cs.engagement_level();
        Card {
            title: clean(&cs.meta.title),
            summary: clean(&cs.summary),
            place: clean(cs.place().unwrap_or_default()),
            when: clean(&self.languages.when(cs)),
            date: cs.sort_date().map(|d| d.iso()).unwrap_or_default(),
            level: level.map(|l| l.as_str()),
            level_name: level
                .map(|l| clean(&Taxonomy::EngagementLevels.display_name(config, l.as_str()))),
            themes: cs
                .meta
                .themes
                .iter()
                .map(|t| clean(&Taxonomy::Themes.display_name(config, &t.value)))
                .collect(),
            data: CardData {
                themes: slugs(Taxonomy::Themes),
                places: slugs(Taxonomy::Places),
                approaches: slugs(Taxonomy::Approaches),
                levels: slugs(Taxonomy::EngagementLevels),
                fields: slugs(Taxonomy::FieldsOfPractice),
                principles: clean(
                    &cs.meta
                        .principles
                        .iter()
                        .map(|p| p.value.replace('/', "--"))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                custom: Taxonomy::all(config)
                    .into_iter()
                    .filter(|t| matches!(t, Taxonomy::Custom(_)))
                    .map(|t| CardFacet {
                        key: t.segment(config),
                        slugs: slugs(t),
                    })
                    .collect(),
            },
            href: format!("{CARD_ROOT}{}", self.site.case_study(i)),
            image: self.picture(cs.meta.image.as_ref(), &cs.source, &CARD_ROOT.to_string()),
            lang: self
                .languages
                .untranslated(&cs.source)
                .map(|l| CardLanguage {
                    code: l.code.clone(),
                    dir: l.dir(),
                }),
        }
    }
}
