//! Media types of stored files: parsed once when a file is stored, and an allow-list of
//! what a browser may be shown inline. Anything else is served as
//! `application/octet-stream`, as an attachment, so an uploaded page or SVG never runs as
//! this site.

/// What a file is stored as when its declared type says nothing usable.
pub const OCTET_STREAM: &str = "application/octet-stream";

fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The `type/subtype` of a `Content-Type` value, lower-cased, without parameters; `None`
/// when it is not exactly one well-formed media type (a comma-joined list such as
/// `image/x, text/html`, a missing subtype, spaces or quotes inside it).
pub fn essence(raw: &str) -> Option<String> {
    if raw.contains(',') {
        return None;
    }
    let first = raw.split(';').next().unwrap_or_default().trim();
    let (kind, subtype) = first.split_once('/')?;
    if !is_token(kind) || !is_token(subtype) {
        return None;
    }
    Some(first.to_ascii_lowercase())
}

/// The type a file is stored as: its declared type when well-formed, else octet-stream.
pub fn stored_as(raw: &str) -> String {
    essence(raw).unwrap_or_else(|| OCTET_STREAM.to_owned())
}

/// Raster images a browser shows inline, each with the bytes its files start with.
fn image_matches(subtype: &str, bytes: &[u8]) -> bool {
    let iso_media = bytes.get(4..8) == Some(b"ftyp");
    match subtype {
        "png" | "apng" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpeg" | "jpg" | "pjpeg" => bytes.starts_with(b"\xff\xd8\xff"),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        "bmp" => bytes.starts_with(b"BM"),
        "avif" | "heic" | "heif" => iso_media,
        _ => false,
    }
}

/// The type a stored file may be served inline as, given its stored type and its bytes:
/// raster images whose bytes are what they claim, audio, video and PDF. No SVG, HTML or
/// XML, nothing whose bytes contradict an image type; `None` means: serve as an
/// octet-stream attachment.
pub fn inline_type(stored: &str, bytes: &[u8]) -> Option<String> {
    let essence = essence(stored)?;
    let (kind, subtype) = essence.split_once('/')?;
    if subtype.contains("xml") || subtype.contains("html") {
        return None;
    }
    let shows = match kind {
        "image" => image_matches(subtype, bytes),
        "audio" | "video" => true,
        "application" => subtype == "pdf" && bytes.starts_with(b"%PDF-"),
        _ => false,
    };
    shows.then_some(essence)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    #[test]
    fn a_media_type_is_one_type_and_subtype() {
        assert_eq!(essence("Image/PNG; charset=binary").as_deref(), Some("image/png"));
        assert_eq!(essence("application/pdf").as_deref(), Some("application/pdf"));
        for bad in [
            "image/x, text/html",
            "text/html,image/png",
            "image/",
            "/png",
            "image",
            "",
            "image/ png",
            "im age/png",
            "image/\"png\"",
        ] {
            assert_eq!(essence(bad), None, "{bad}");
        }
        assert_eq!(stored_as("image/x, text/html"), OCTET_STREAM);
        assert_eq!(stored_as("Video/MP4"), "video/mp4");
    }

    #[test]
    fn only_the_allow_list_shows_inline() {
        assert_eq!(inline_type("image/png", PNG).as_deref(), Some("image/png"));
        assert_eq!(inline_type("image/jpeg", b"\xff\xd8\xff\xe0rest").as_deref(), Some("image/jpeg"));
        assert_eq!(inline_type("image/gif", b"GIF89a..").as_deref(), Some("image/gif"));
        assert_eq!(inline_type("image/webp", b"RIFF\0\0\0\0WEBPVP8 ").as_deref(), Some("image/webp"));
        assert_eq!(inline_type("audio/ogg", b"OggS").as_deref(), Some("audio/ogg"));
        assert_eq!(inline_type("video/mp4", b"....ftypisom").as_deref(), Some("video/mp4"));
        assert_eq!(inline_type("application/pdf", b"%PDF-1.7").as_deref(), Some("application/pdf"));
        let refused: [(&str, &[u8]); 10] = [
            ("image/svg+xml", b"<svg onload=alert(1)>"),
            ("image/png", b"<html><script>alert(1)</script>"),
            ("image/jpeg", PNG),
            ("image/x, text/html", PNG),
            ("text/html", b"<script>"),
            ("text/xml", b"<x/>"),
            ("application/xhtml+xml", b"<html/>"),
            ("application/pdf", b"<html>"),
            ("image/x-icon", b"\0\0\x01\0"),
            ("text/plain", b"hola"),
        ];
        for (stored, bytes) in refused {
            assert_eq!(inline_type(stored, bytes), None, "{stored}");
        }
    }
}
