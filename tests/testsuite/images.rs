//! Pictures (src/images.rs, src/content/image.rs): a case study's `image` and Markdown images
//! made into responsive sizes, their errors, and the cache that keeps them between builds.

use crate::common;

use common::{Fixture, GOOD_CASE_STUDY, stderr};

/// A JPEG "photo" of about 3 MB: a gradient with grain, which compresses as badly as a photo.
fn photo() -> Vec<u8> {
    let mut seed: u32 = 12345;
    let img = image::RgbImage::from_fn(2600, 1734, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 90) as i32 - 45;
        let base = |v: u32| (v as i32 + grain).clamp(0, 255) as u8;
        image::Rgb([
            base(x * 255 / 2600),
            base(y * 255 / 1734),
            base(((x + y) / 17) % 256),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .unwrap();
    out
}

/// A case study with `image:` and the same picture in its Markdown.
fn library_with_a_photo() -> (Fixture, usize) {
    let f = Fixture::valid();
    let bytes = photo();
    f.write_bytes("content/case-studies/garden.jpg", &bytes);
    let story = GOOD_CASE_STUDY.replace(
        "licence: \"CC BY 4.0\"\n",
        "licence: \"CC BY 4.0\"\nimage:\n  src: garden.jpg\n  alt: \"Residents planting the community garden\"\n  credit: \"Jo Bloggs\"\n",
    ) + "\n![The garden in June](@/case-studies/garden.jpg)\n";
    f.write("content/case-studies/good.md", &story);
    (f, bytes.len())
}

/// The `w` widths and files of a `srcset`.
fn srcset(html: &str) -> Vec<(String, u32)> {
    let at = html.find("srcset=\"").expect("a srcset") + 8;
    let value = &html[at..at + html[at..].find('"').unwrap()];
    value
        .split(", ")
        .map(|part| {
            let (file, width) = part.rsplit_once(' ').unwrap();
            (
                file.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

// Pins the must-show: a case study with a 3 MB photo gets a srcset of at least two widths,
// width and height on the image, and every file it points to smaller than the photo; its card
// and the same picture in Markdown get sizes too, and the original is still published.
#[test]
fn a_photo_is_made_into_smaller_sizes() {
    let (f, source) = library_with_a_photo();
    assert!(
        (2_500_000..4_000_000).contains(&source),
        "the test photo is {source} bytes, not about 3 MB"
    );
    f.build_ok();
    let page = f.read("public/case-studies/good/index.html");
    let figure = &page[page.find("<figure class=\"picture").expect("the picture")..];
    let sizes = srcset(figure);
    assert!(sizes.len() >= 2, "srcset {sizes:?}");
    assert_eq!(
        sizes.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 960, 1440]
    );
    assert!(
        figure.contains("width=\"1440\" height=\"960\""),
        "{figure:.600}"
    );
    assert!(figure.contains("alt=\"Residents planting the community garden\""));
    assert!(figure.contains("Jo Bloggs"));
    let dir = f.path("public/case-studies/good");
    let fallback = figure
        .split("<img src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for file in sizes.iter().map(|(p, _)| p.as_str()).chain([fallback]) {
        let len = std::fs::metadata(dir.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .len() as usize;
        assert!(
            len * 4 < source,
            "{file} is {len} bytes, the photo {source}"
        );
    }
    // The Markdown image: below the fold, so lazily loaded.
    let body = &page[page.find("<div class=\"prose\">").unwrap()..];
    assert!(
        body.contains("<picture><source type=\"image/webp\" srcset=\"../../static/img/garden-"),
        "{body:.400}"
    );
    assert!(body.contains("alt=\"The garden in June\"") && body.contains("loading=\"lazy\""));
    // The card on the library page.
    let library = f.read("public/case-studies/index.html");
    assert_eq!(
        srcset(&library[library.find("card-picture").unwrap()..]).len(),
        3
    );
    assert!(f.path("public/case-studies/garden.jpg").is_file());
}

// Pins the cache: an unchanged picture is read back from `.cairn-cache/images/`, not made
// again (a cached file altered by hand comes out as altered), and a changed one is made anew.
#[test]
fn unchanged_pictures_are_not_made_again() {
    let (f, _) = library_with_a_photo();
    f.build_ok();
    let cached: Vec<_> = walkdir::WalkDir::new(f.path(".cairn-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "webp-480.webp")
        .collect();
    assert_eq!(cached.len(), 1, "one picture cached");
    std::fs::write(cached[0].path(), b"from the cache").unwrap();
    f.build_ok();
    let page = f.read("public/case-studies/good/index.html");
    let small = srcset(&page[page.find("<figure").unwrap()..])[0].0.clone();
    let published = f.path("public/case-studies/good").join(&small);
    assert_eq!(std::fs::read(&published).unwrap(), b"from the cache");
    // A new picture under the same name is made again, under a new address.
    let mut changed = photo();
    let len = changed.len();
    changed[len - 100] ^= 0xff;
    f.write_bytes("content/case-studies/garden.jpg", &changed);
    f.build_ok();
    let page = f.read("public/case-studies/good/index.html");
    let new_small = srcset(&page[page.find("<figure").unwrap()..])[0].0.clone();
    assert_ne!(new_small, small);
}

// Pins the errors of `image:`: a missing file, an empty alt text and a file that is not a
// picture, each at its line with the fix, and nothing published.
#[test]
fn image_errors_name_the_line() {
    let f = Fixture::valid();
    f.write_bytes(
        "content/case-studies/logo.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    let story = GOOD_CASE_STUDY.replace(
        "licence: \"CC BY 4.0\"\n",
        "licence: \"CC BY 4.0\"\nimage:\n  src: missing.jpg\n  alt: \"\"\n",
    );
    f.write("content/case-studies/good.md", &story);
    f.write(
        "content/case-studies/other.md",
        &GOOD_CASE_STUDY.replace("A good story", "Another").replace(
            "licence: \"CC BY 4.0\"\n",
            "image: { src: logo.svg, alt: A logo }\n",
        ),
    );
    let out = f.cairn(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "the image `missing.jpg` does not exist (looked for `content/case-studies/missing.jpg`)"
        ),
        "{err}"
    );
    assert!(err.contains("content/case-studies/good.md:14:"), "{err}");
    assert!(err.contains("this image's `alt` is empty"), "{err}");
    assert!(
        err.contains("the image `logo.svg` is not a JPEG, PNG or WebP picture"),
        "{err}"
    );
    assert!(!f.path("public").exists());
}
