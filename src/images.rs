//! Pictures for every screen: each JPEG, PNG or WebP under `content/` is made into WebP in up
//! to three widths plus one fallback (JPEG, or PNG for a picture with transparency), all
//! under `static/img/`, with the size pages need for `srcset`, `sizes`, `width` and `height`
//! (no layout shift). The original file is still copied as it is.
//!
//! Phone photos are turned the way their EXIF orientation says, and their metadata (the place
//! a photo was taken included) is not carried over. Decoding is bounded ([`MAX_SIDE`],
//! [`MAX_ALLOC`]): a picture that cannot be read is a warning naming it, and pages show the
//! original file instead.
//!
//! Incremental and parallel: pictures are made on the build's rayon threads, and what was made
//! is kept in `.cairn-cache/images/` in the library, under a key from the picture's bytes and
//! the settings here, so an unchanged picture is read back, not made again. The cache is only
//! an optimisation: a cache that cannot be written or read is ignored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{DynamicImage, GenericImageView, ImageReader, Limits, imageops::FilterType};
use rayon::prelude::*;
use serde::Serialize;

use crate::content::Source;
use crate::content::image::{ImageMeta, is_picture};
use crate::content::library::Asset;
use crate::diagnostic::Diagnostic;

/// The widths of the WebP sizes, in pixels; a narrower picture gets the widths below its own
/// and its own.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1440];
/// The fallback's width, for the few browsers without WebP.
const FALLBACK_WIDTH: u32 = 960;
const WEBP_QUALITY: f32 = 72.0;
const JPEG_QUALITY: u8 = 78;
/// Part of every cache key: changing a setting above makes every picture again.
const SETTINGS: &str = "cairn-images v1: widths 480 960 1440, webp q72, fallback 960 jpeg q78";
/// Where the sizes are published, from the site root.
pub(crate) const OUTPUT_DIR: &str = "static/img/";
/// The cache, inside the library.
pub(crate) const CACHE_DIR: &str = ".cairn-cache/images";
/// The longest side of a picture that is read, in pixels.
pub(crate) const MAX_SIDE: u32 = 20_000;
/// The most memory decoding one picture may take, in bytes.
pub(crate) const MAX_ALLOC: u64 = 1 << 30;

/// `sizes` for a picture across the text column (a case study, Markdown in a page).
pub(crate) const SIZES_PROSE: &str = "(min-width: 46rem) 42rem, calc(100vw - 2rem)";

/// One file made from a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// From the site root, e.g. `static/img/glodwick-1a2b3c4d-960.webp`.
    pub(crate) path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The files made from one picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageSet {
    /// Narrowest first.
    pub(crate) webp: Vec<Variant>,
    /// JPEG, or PNG for a picture with transparency.
    pub(crate) fallback: Variant,
}

/// What templates get as `image` (and `card.image`): ready to put in `<picture>`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Picture {
    /// The fallback file, for `<img src>`.
    pub(crate) src: String,
    /// The WebP sizes, for `<source type="image/webp" srcset>`.
    pub(crate) srcset: String,
    /// The largest size's width and height, for `<img width height>`.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) alt: String,
    pub(crate) credit: Option<String>,
    pub(crate) licence: Option<String>,
}

impl ImageSet {
    /// The largest size.
    pub(crate) fn largest(&self) -> &Variant {
        self.webp.last().unwrap_or(&self.fallback)
    }

    /// `srcset` of the WebP sizes, each path after `up` (the page's way to the site root).
    pub(crate) fn srcset(&self, up: &str) -> String {
        self.webp
            .iter()
            .map(|v| format!("{up}{} {}w", v.path, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The template value for a page whose way to the site root is `up`.
    pub(crate) fn picture(&self, up: &str, meta: &ImageMeta) -> Picture {
        let largest = self.largest();
        Picture {
            src: format!("{up}{}", self.fallback.path),
            srcset: self.srcset(up),
            width: largest.width,
            height: largest.height,
            alt: meta.alt.clone(),
            credit: meta.credit.clone(),
            licence: meta.licence.clone(),
        }
    }

    /// `<picture>` for Markdown: lazily loaded, its alt text escaped here.
    pub(crate) fn html(&self, up: &str, alt: &str, title: &str) -> String {
        let largest = self.largest();
        let esc = crate::text::escape;
        let title = match title.is_empty() {
            true => String::new(),
            false => format!(" title=\"{}\"", esc(title)),
        };
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES_PROSE}\"><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\"></picture>",
            esc(&self.srcset(up)),
            esc(&format!("{up}{}", self.fallback.path)),
            largest.width,
            largest.height,
            esc(alt),
        )
    }
}

/// What Markdown needs to show a library's pictures (`render::markdown::LinkTargets`).
#[derive(Debug, Clone)]
pub(crate) struct Pictures {
    pub(crate) images: Arc<Images>,
    /// The way from the pages' root to the site root: `../` for the pages of a language
    /// under `<code>/`, where the sizes are not copied.
    pub(crate) up: String,
}

impl Pictures {
    /// `images`, for pages whose language's root is `prefix` (`""` or `cy/`) below the site
    /// root, where the sizes are.
    pub(crate) fn new(images: Arc<Images>, prefix: &str) -> Pictures {
        Pictures {
            images,
            up: "../".repeat(prefix.matches('/').count()),
        }
    }

    /// The template value of a page's `image` (`meta`, written in `source`), for a page whose
    /// way to its language's root is `root`. A picture that could not be made is shown as it
    /// is.
    pub(crate) fn picture(
        &self,
        meta: Option<&ImageMeta>,
        source: &Source,
        root: &str,
    ) -> Option<Picture> {
        let meta = meta?;
        let path = meta.content_path(source);
        Some(match self.images.get(&path) {
            Some(set) => set.picture(&format!("{root}{}", self.up), meta),
            None => Picture {
                src: format!("{root}{path}"),
                srcset: String::new(),
                width: 0,
                height: 0,
                alt: meta.alt.clone(),
                credit: meta.credit.clone(),
                licence: meta.licence.clone(),
            },
        })
    }
}

/// Puts every file made from the library's pictures into `output`, and returns the warnings
/// about pictures that could not be read. The one place the sizes join the site's files.
pub(crate) fn publish(images: &Images, output: &mut crate::output::Output) -> Vec<Diagnostic> {
    for (path, bytes) in images.files() {
        output.insert(path.to_string(), bytes.to_vec());
    }
    images.warnings.clone()
}

/// Every picture of a library, made.
#[derive(Debug, Default)]
pub struct Images {
    /// By the picture's path inside `content/` (its output path).
    sets: HashMap<String, Arc<ImageSet>>,
    /// Every file made, by output path.
    files: Vec<(String, Arc<Vec<u8>>)>,
    /// Pictures that could not be read.
    pub warnings: Vec<Diagnostic>,
    pub stats: Stats,
}

/// What making the pictures did, for the benchmark.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub(crate) pictures: usize,
    /// Made now (not in the cache).
    pub(crate) made: usize,
    pub from_cache: usize,
    pub(crate) source_bytes: u64,
    pub output_bytes: u64,
}

impl Images {
    /// The sizes made from the picture at `content_path` (e.g. `case-studies/a.jpg`).
    pub(crate) fn get(&self, content_path: &str) -> Option<&ImageSet> {
        self.sets.get(content_path).map(Arc::as_ref)
    }

    /// Every file made, to publish: `(output path, bytes)`.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }
}

/// Makes every picture among `assets` (those under `content/`), using and filling the cache
/// of the library at `root`.
pub fn process(root: &Path, assets: &[Asset]) -> Images {
    let pictures: Vec<&Asset> = assets
        .iter()
        .filter(|a| !a.output_path.starts_with("static/") && is_picture(&a.output_path))
        .collect();
    if pictures.is_empty() {
        return Images::default();
    }
    let cache = Cache::open(root);
    let made: Vec<(&Asset, Outcome)> = pictures
        .par_iter()
        .map(|asset| (*asset, make_cached(asset, cache.as_ref())))
        .collect();
    let mut images = Images::default();
    let mut published: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (asset, result) in made {
        images.stats.pictures += 1;
        images.stats.source_bytes += asset.bytes.len() as u64;
        match result {
            Ok((made, cached)) => {
                match cached {
                    true => images.stats.from_cache += 1,
                    false => images.stats.made += 1,
                }
                for (path, bytes) in made.files {
                    // The same picture twice (two copies of one file) makes the same files.
                    if published.insert(path.clone()) {
                        images.stats.output_bytes += bytes.len() as u64;
                        images.files.push((path, bytes));
                    }
                }
                images
                    .sets
                    .insert(asset.output_path.clone(), Arc::new(made.set));
            }
            Err(why) => images.warnings.push(
                Diagnostic::warning_at(
                    format!("content/{}", asset.output_path),
                    0,
                    0,
                    format!("this picture could not be read ({why}); pages show the file as it is"),
                )
                .with_help("open it in an image editor and save it again as JPEG, PNG or WebP"),
            ),
        }
    }
    images.files.sort_by(|a, b| a.0.cmp(&b.0));
    images
}

/// What became of one picture: its files, and whether they came from the cache; or why it
/// could not be read.
type Outcome = Result<(Made, bool), String>;

/// One picture's files and sizes.
struct Made {
    set: ImageSet,
    files: Vec<(String, Arc<Vec<u8>>)>,
}

/// The cache key of `bytes`: FNV-1a over the settings and the bytes, and the length.
fn key(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in SETTINGS.as_bytes().iter().chain(bytes) {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}{:x}", bytes.len())
}

/// The start of the published names of a picture's files: its file name, made safe, and
/// part of its key (so a changed picture gets new addresses, and no browser keeps the old).
fn stem(asset: &Asset, key: &str) -> String {
    let file = asset.output_path.rsplit('/').next().unwrap_or("");
    let name = file.rsplit_once('.').map_or(file, |(n, _)| n);
    let mut slug: String = crate::text::slugify(name).chars().take(40).collect();
    if slug.is_empty() {
        slug.push_str("image");
    }
    format!("{OUTPUT_DIR}{slug}-{}", &key[..8])
}

fn make_cached(asset: &Asset, cache: Option<&Cache>) -> Outcome {
    let key = key(&asset.bytes);
    let stem = stem(asset, &key);
    if let Some(made) = cache.and_then(|c| c.read(&key, &stem)) {
        return Ok((made, true));
    }
    let made = make(&asset.bytes, &stem)?;
    if let Some(cache) = cache {
        cache.write(&key, &made);
    }
    Ok((made, false))
}

/// Decodes `bytes` (bounded), turns it upright, and makes its sizes.
fn make(bytes: &[u8], stem: &str) -> Result<Made, String> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| plain(&image::ImageError::IoError(e)))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| plain(&e))?;
    let orientation = image::ImageDecoder::orientation(&mut decoder)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| plain(&e))?;
    picture.apply_orientation(orientation);
    let (width, height) = picture.dimensions();
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    let transparent =
        picture.color().has_alpha() && picture.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    if width < WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths.dedup();
    let fallback_width = FALLBACK_WIDTH.min(width);
    // Largest first, each smaller size made from the one before: sharper and faster than
    // every size from a large original.
    let mut sized: Vec<(u32, DynamicImage)> = Vec::new();
    // A large photo is first halved (or more) by averaging blocks of pixels, which is fast
    // and sharp enough, to twice the largest size; the filter then works on a small picture.
    let top = widths.last().copied().unwrap_or(width);
    let mut from = match width > top * 2 {
        true => picture.thumbnail_exact(top * 2, scaled_height(width, height, top * 2)),
        false => picture,
    };
    for &w in widths.iter().rev() {
        let h = scaled_height(width, height, w);
        let next = match (w, h) == from.dimensions() {
            true => from.clone(),
            false => from.resize_exact(w, h, FilterType::Triangle),
        };
        from = next.clone();
        sized.push((w, next));
    }
    sized.reverse();
    let mut files = Vec::new();
    let mut webp = Vec::new();
    for (w, img) in &sized {
        let bytes = encode_webp(img, transparent)?;
        let path = format!("{stem}-{w}.webp");
        webp.push(Variant {
            path: path.clone(),
            width: *w,
            height: img.height(),
        });
        files.push((path, Arc::new(bytes)));
    }
    let fallback_img = match sized.iter().find(|(w, _)| *w == fallback_width) {
        Some((_, img)) => img.clone(),
        None => from.resize_exact(
            fallback_width,
            scaled_height(width, height, fallback_width),
            FilterType::Triangle,
        ),
    };
    let (ext, bytes) = encode_fallback(&fallback_img, transparent)?;
    let path = format!("{stem}-{fallback_width}.{ext}");
    let fallback = Variant {
        path: path.clone(),
        width: fallback_width,
        height: fallback_img.height(),
    };
    files.push((path, Arc::new(bytes)));
    Ok(Made {
        set: ImageSet { webp, fallback },
        files,
    })
}

/// Why a picture could not be read, in plain words.
fn plain(e: &image::ImageError) -> String {
    use image::ImageError;
    match e {
        ImageError::Unsupported(_) => "it is not a JPEG, PNG or WebP picture inside".into(),
        ImageError::Limits(_) => {
            format!("it is over {MAX_SIDE} pixels on a side, or too large to open safely")
        }
        ImageError::Decoding(_) | ImageError::Parameter(_) => "it is damaged or cut short".into(),
        ImageError::IoError(_) | ImageError::Encoding(_) => "it could not be opened".into(),
    }
}

/// The height of a `to`-wide copy of a `width` × `height` picture, at least 1.
fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

fn encode_webp(img: &DynamicImage, transparent: bool) -> Result<Vec<u8>, String> {
    let (w, h) = img.dimensions();
    let memory = match transparent {
        true => {
            let rgba = img.to_rgba8();
            webp::Encoder::from_rgba(&rgba, w, h).encode_simple(false, WEBP_QUALITY)
        }
        false => {
            let rgb = img.to_rgb8();
            webp::Encoder::from_rgb(&rgb, w, h).encode_simple(false, WEBP_QUALITY)
        }
    };
    memory
        .map(|m| m.to_vec())
        .map_err(|e| format!("WebP encoding failed: {e:?}"))
}

fn encode_fallback(
    img: &DynamicImage,
    transparent: bool,
) -> Result<(&'static str, Vec<u8>), String> {
    let mut out = Vec::new();
    if transparent {
        img.to_rgba8()
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        return Ok(("png", out));
    }
    let rgb = img.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| e.to_string())?;
    Ok(("jpg", out))
}

/// `.cairn-cache/images/` in the library: one folder per key, holding `sizes.txt` (one line
/// per file: `webp|fallback width height extension`) and the files, named by width.
struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the library at `root`, unless `.cairn-cache` is a symbolic link (a link
    /// could lead writes out of the library) or cannot be made.
    fn open(root: &Path) -> Option<Cache> {
        let top = root.join(".cairn-cache");
        if std::fs::symlink_metadata(&top).is_ok_and(|m| !m.is_dir()) {
            return None;
        }
        let dir = root.join(CACHE_DIR);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            return None;
        }
        std::fs::create_dir_all(&dir).ok()?;
        // Tells git (and people) what the folder is.
        let ignore = top.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "# Made by cairn build: safe to delete.\n*\n");
        }
        Some(Cache { dir })
    }

    fn read(&self, key: &str, stem: &str) -> Option<Made> {
        let folder = self.dir.join(key);
        let list = std::fs::read_to_string(folder.join("sizes.txt")).ok()?;
        let mut webp = Vec::new();
        let mut fallback = None;
        let mut files = Vec::new();
        for line in list.lines() {
            let mut parts = line.split(' ');
            let (kind, w, h, ext) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let (width, height) = (w.parse().ok()?, h.parse().ok()?);
            if !matches!(ext, "webp" | "jpg" | "png") {
                return None;
            }
            let bytes = std::fs::read(folder.join(format!("{kind}-{width}.{ext}"))).ok()?;
            let variant = Variant {
                path: format!("{stem}-{width}.{ext}"),
                width,
                height,
            };
            files.push((variant.path.clone(), Arc::new(bytes)));
            match kind {
                "webp" => webp.push(variant),
                "fallback" => fallback = Some(variant),
                _ => return None,
            }
        }
        Some(Made {
            set: ImageSet {
                webp,
                fallback: fallback?,
            },
            files,
        })
    }

    /// Keeps `made` under `key`: written into a folder of its own, then renamed into place,
    /// so a build stopped halfway never leaves half a picture in the cache.
    fn write(&self, key: &str, made: &Made) {
        let temporary = self.dir.join(format!(
            ".{key}.{}.{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let written = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(&temporary)?;
            let mut list = String::new();
            let all = made
                .set
                .webp
                .iter()
                .map(|v| ("webp", v))
                .chain(std::iter::once(("fallback", &made.set.fallback)));
            for (kind, v) in all {
                let ext = v.path.rsplit('.').next().unwrap_or("");
                list.push_str(&format!("{kind} {} {} {ext}\n", v.width, v.height));
                let bytes = made
                    .files
                    .iter()
                    .find(|(p, _)| *p == v.path)
                    .map(|(_, b)| b.as_slice())
                    .unwrap_or_default();
                std::fs::write(temporary.join(format!("{kind}-{}.{ext}", v.width)), bytes)?;
            }
            std::fs::write(temporary.join("sizes.txt"), list)?;
            std::fs::rename(&temporary, self.dir.join(key))
        })();
        if written.is_err() {
            let _ = std::fs::remove_dir_all(&temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(path: &str, bytes: Vec<u8>) -> Asset {
        Asset {
            output_path: path.into(),
            source: std::path::Path::new("content").join(path),
            bytes,
        }
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    // Pins the sizes made: WebP at the widths under the picture's own, a 960 px JPEG fallback,
    // heights kept in proportion, and no size wider than the picture.
    #[test]
    fn sizes_follow_the_picture() {
        let tmp = tempfile::tempdir().unwrap();
        let images = process(tmp.path(), &[asset("case-studies/a.jpg", jpeg(1200, 600))]);
        let set = images.get("case-studies/a.jpg").expect("made");
        let widths: Vec<u32> = set.webp.iter().map(|v| v.width).collect();
        assert_eq!(widths, [480, 960, 1200]);
        assert_eq!(set.webp[0].height, 240);
        assert_eq!((set.fallback.width, set.fallback.height), (960, 480));
        assert!(
            set.fallback.path.starts_with("static/img/a-")
                && set.fallback.path.ends_with("-960.jpg")
        );
        assert_eq!(images.files().count(), 4);
        let small = process(tmp.path(), &[asset("x/tiny.jpg", jpeg(300, 200))]);
        let set = small.get("x/tiny.jpg").unwrap();
        assert_eq!(set.webp.iter().map(|v| v.width).collect::<Vec<_>>(), [300]);
        assert_eq!(set.fallback.width, 300);
    }

    // Pins the cache: a second run reads every picture back (made 0), with the same files.
    #[test]
    fn unchanged_pictures_come_from_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let assets = [
            asset("a.jpg", jpeg(800, 500)),
            asset("b.png", jpeg(600, 600)),
        ];
        let first = process(tmp.path(), &assets);
        assert_eq!((first.stats.made, first.stats.from_cache), (2, 0));
        let second = process(tmp.path(), &assets);
        assert_eq!((second.stats.made, second.stats.from_cache), (0, 2));
        assert_eq!(first.files, second.files);
        assert_eq!(first.get("a.jpg"), second.get("a.jpg"));
        // A changed picture is made again, under new names.
        let changed = process(tmp.path(), &[asset("a.jpg", jpeg(800, 501))]);
        assert_eq!(changed.stats.made, 1);
        assert_ne!(changed.get("a.jpg"), first.get("a.jpg"));
    }

    // Pins that a file that is not a picture is a warning naming it, not a failed build.
    #[test]
    fn unreadable_picture_is_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let images = process(
            tmp.path(),
            &[asset("case-studies/bad.jpg", b"not a picture".to_vec())],
        );
        assert!(images.get("case-studies/bad.jpg").is_none());
        assert_eq!(images.warnings.len(), 1);
        assert!(images.warnings[0].message.contains("could not be read"));
        assert!(!images.warnings[0].is_error());
    }

    // Pins a picture with transparency: its fallback is PNG, so the see-through parts stay so.
    #[test]
    fn transparent_pictures_fall_back_to_png() {
        let img =
            image::RgbaImage::from_fn(200, 100, |x, _| image::Rgba([0, 0, 0, (x % 256) as u8]));
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let images = process(tmp.path(), &[asset("logo.png", png)]);
        assert!(
            images
                .get("logo.png")
                .unwrap()
                .fallback
                .path
                .ends_with("-200.png")
        );
    }
}
