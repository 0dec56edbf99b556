//! `cairn build --zip`: the built site as one zip file, to hand out on a USB stick.
//!
//! The zip is written beside the output folder (`public` -> `public.zip`) from the files the
//! build has just put there, so it holds the same bytes. Inside, one folder named after the
//! library (`co-production-library/index.html`) keeps the files together when unzipped.
//! Entries are sorted and dated 1980-01-01, so the same site always makes the same zip.
//! Opened from disk the site works as it does on the web (every URL is relative); only the
//! service worker is skipped.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;

use crate::config::Config;
use crate::error::Error;

/// What `write_zip` wrote.
#[derive(Debug, Clone)]
pub struct ZipReport {
    pub path: PathBuf,
    /// The folder inside the zip that holds the site.
    pub folder: String,
    pub files: usize,
    /// Size of the zip file.
    pub bytes: u64,
}

/// Where the zip of the site in `site` goes: beside it, with `.zip` added.
pub(crate) fn zip_path(site: &Path) -> PathBuf {
    let mut name = site
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "site".into());
    name.push(".zip");
    site.with_file_name(name)
}

/// Zips the built site in `site` into [`zip_path`]; replaces the file only once it is whole.
pub(crate) fn write_zip(site: &Path, config: &Config) -> Result<ZipReport, Error> {
    let dest = zip_path(site);
    let folder = match crate::text::slugify(&config.title) {
        s if s.is_empty() => "site".to_string(),
        s => s,
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(site).to_path_buf();
            Error::io(&path, std::io::Error::other(e.to_string()))
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            files.push((
                crate::diagnostic::display_path(rel),
                entry.path().to_path_buf(),
            ));
        }
    }
    files.sort();
    // Made afresh under a name no one can guess, never through a file or link already there
    // (a `public.zip.part` link committed to the repository would otherwise be written
    // through); renamed over the zip once whole.
    let temp = dest.with_file_name(format!(
        ".{}.{}.part",
        dest.file_name().unwrap_or_default().to_string_lossy(),
        crate::output::unique_tag()
    ));
    let result = (|| -> Result<(), Error> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Error::io(&temp, e))?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let zip_error = |e: zip::result::ZipError| Error::io(&temp, std::io::Error::other(e));
        for (rel, path) in &files {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            zip.start_file(format!("{folder}/{rel}"), options)
                .map_err(zip_error)?;
            zip.write_all(&bytes).map_err(|e| Error::io(&temp, e))?;
        }
        let mut out = zip.finish().map_err(zip_error)?;
        out.flush().map_err(|e| Error::io(&temp, e))?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, &dest).map_err(|e| Error::io(&dest, e))?;
    let bytes = std::fs::metadata(&dest)
        .map_err(|e| Error::io(&dest, e))?
        .len();
    Ok(ZipReport {
        path: dest,
        folder,
        files: files.len(),
        bytes,
    })
}
