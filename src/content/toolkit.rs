//! The toolkit: nested sections under `content/toolkit/`, ordered by `weight` and numbered
//! ("2", "2.1") from that order.

use serde::{Deserialize, Serialize};

use super::Source;
use super::front_matter::Located;

/// A toolkit section's front matter.
#[derive(Debug, Clone, Deserialize)]
pub struct SectionMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) weight: i64,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) resources: Vec<Resource>,
    /// Case studies to call out, as `@/case-studies/<slug>.md`.
    #[serde(default)]
    pub(crate) callouts: Vec<Located<String>>,
    /// A picture shown at the top of the section (src/content/image.rs).
    #[serde(default)]
    pub(crate) image: Option<super::image::ImageMeta>,
    /// Old addresses of the page (`/old/path/`), each published as a page sending readers
    /// here (src/site/: an alias that takes another file's address is an error).
    #[serde(default)]
    pub(crate) aliases: Vec<crate::content::front_matter::Located<String>>,
    /// The library's own data, free-form: given to templates as `extra` and, for case studies,
    /// to the open data.
    #[serde(default)]
    pub(crate) extra: crate::content::Extra,
}

/// A publication listed in a section's Resources box.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Resource {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    #[serde(default)]
    pub(crate) year: Option<u32>,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// A loaded section, in reading order within [`Toolkit::sections`].
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// Folder and file names below `toolkit/`, e.g. `["02-engagement", "methods"]`.
    pub(crate) path: Vec<String>,
    /// "2.1"; empty for the toolkit's own introduction.
    pub(crate) number: String,
    pub(crate) depth: usize,
    /// Index of the parent in `Toolkit::sections`; `None` for the introduction.
    pub(crate) parent: Option<usize>,
    pub(crate) meta: SectionMeta,
    pub(crate) source: Source,
}

impl Section {
    /// "2.1 Engagement" or just the title for the introduction.
    pub(crate) fn numbered_title(&self) -> String {
        if self.number.is_empty() {
            self.meta.title.clone()
        } else {
            format!("{} {}", self.number, self.meta.title)
        }
    }
}

/// The whole toolkit, flattened in reading order (the introduction first, then depth-first).
#[derive(Debug, Clone, Default)]
pub struct Toolkit {
    pub(crate) sections: Vec<Section>,
}

impl Toolkit {
    /// The children of a section, in order.
    pub(crate) fn children(&self, index: usize) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == Some(index))
    }

    /// The chain from the introduction down to `index`, inclusive.
    pub(crate) fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut at = index;
        while let Some(parent) = self.sections[at].parent {
            chain.push(parent);
            at = parent;
        }
        chain.reverse();
        chain
    }
}

/// A section as loaded from disk, before ordering and numbering.
#[derive(Debug, Clone)]
pub(crate) struct LoadedSection {
    pub(crate) path: Vec<String>,
    pub(crate) meta: SectionMeta,
    pub(crate) source: Source,
}

/// Orders loaded sections by weight (then name) among siblings and numbers them.
/// The section with an empty path is the introduction (`toolkit/_index.md`).
pub(crate) fn assemble(mut loaded: Vec<LoadedSection>) -> Toolkit {
    loaded.sort_by(|a, b| a.path.cmp(&b.path));
    let mut toolkit = Toolkit::default();
    let intro = loaded.iter().position(|s| s.path.is_empty());
    let mut taken = vec![false; loaded.len()];
    let root = intro.map(|i| {
        taken[i] = true;
        push(&mut toolkit, &loaded[i], None, String::new(), 0)
    });
    add_children(&mut toolkit, &loaded, &mut taken, &[], root, "", 1);
    toolkit
}

fn push(
    toolkit: &mut Toolkit,
    s: &LoadedSection,
    parent: Option<usize>,
    number: String,
    depth: usize,
) -> usize {
    toolkit.sections.push(Section {
        path: s.path.clone(),
        number,
        depth,
        parent,
        meta: s.meta.clone(),
        source: s.source.clone(),
    });
    toolkit.sections.len() - 1
}

fn add_children(
    toolkit: &mut Toolkit,
    loaded: &[LoadedSection],
    taken: &mut [bool],
    prefix: &[String],
    parent: Option<usize>,
    parent_number: &str,
    depth: usize,
) {
    let mut children: Vec<usize> = (0..loaded.len())
        .filter(|&i| {
            !taken[i]
                && loaded[i].path.len() == prefix.len() + 1
                && loaded[i].path.starts_with(prefix)
        })
        .collect();
    children.sort_by(|&a, &b| {
        (loaded[a].meta.weight, &loaded[a].path).cmp(&(loaded[b].meta.weight, &loaded[b].path))
    });
    for (n, i) in children.into_iter().enumerate() {
        taken[i] = true;
        let number = if parent_number.is_empty() {
            (n + 1).to_string()
        } else {
            format!("{parent_number}.{}", n + 1)
        };
        let index = push(toolkit, &loaded[i], parent, number.clone(), depth);
        add_children(
            toolkit,
            loaded,
            taken,
            &loaded[i].path,
            Some(index),
            &number,
            depth + 1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(path: &[&str], weight: i64) -> LoadedSection {
        LoadedSection {
            path: path.iter().map(|s| s.to_string()).collect(),
            meta: SectionMeta {
                title: path.join("/"),
                weight,
                description: None,
                resources: vec![],
                callouts: vec![],
                image: None,
                aliases: vec![],
                extra: Default::default(),
            },
            source: Source {
                path: "x".into(),
                text: String::new(),
                body_offset: 0,
            },
        }
    }

    // Pins numbering by weight (not file name) and depth-first reading order.
    #[test]
    fn numbers_follow_weight() {
        let t = assemble(vec![
            section(&["b"], 1),
            section(&["a"], 2),
            section(&[], 0),
            section(&["b", "y"], 1),
            section(&["b", "x"], 2),
            section(&["a", "z"], 0),
        ]);
        let order: Vec<(String, String)> = t
            .sections
            .iter()
            .map(|s| (s.number.clone(), s.path.join("/")))
            .collect();
        assert_eq!(
            order,
            vec![
                ("".into(), "".into()),
                ("1".into(), "b".into()),
                ("1.1".into(), "b/y".into()),
                ("1.2".into(), "b/x".into()),
                ("2".into(), "a".into()),
                ("2.1".into(), "a/z".into()),
            ]
        );
        assert_eq!(t.ancestors(2), vec![0, 1, 2]);
    }
}
