//! Reads a `multipart/form-data` body the way the stand-ins need it: each part's name,
//! file name, content type and bytes.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormPart {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl FormPart {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The parts of a body, given its `Content-Type` header; empty when it is not multipart.
pub fn parse(content_type: &str, body: &[u8]) -> Vec<FormPart> {
    let Some(boundary) = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary=")) else {
        return Vec::new();
    };
    let delimiter = format!("--{}", boundary.trim_matches('"'));
    let mut parts = Vec::new();
    let mut at = match find(body, delimiter.as_bytes(), 0) {
        Some(p) => p + delimiter.len(),
        None => return parts,
    };
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return parts;
        }
        let Some(headers_end) = find(body, b"\r\n\r\n", at) else { return parts };
        let headers = String::from_utf8_lossy(&body[at..headers_end]).into_owned();
        let content_start = headers_end + 4;
        let Some(next) = find(body, format!("\r\n{delimiter}").as_bytes(), content_start) else { return parts };
        let mut part = FormPart {
            name: String::new(),
            filename: None,
            content_type: None,
            bytes: body[content_start..next].to_vec(),
        };
        for line in headers.lines() {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                for item in line.split(';').skip(1) {
                    let (key, value) = item.trim().split_once('=').unwrap_or_default();
                    let value = value.trim_matches('"').to_owned();
                    match key {
                        "name" => part.name = value,
                        "filename" => part.filename = Some(value),
                        _ => {}
                    }
                }
            } else if lower.starts_with("content-type:") {
                part.content_type = line.split_once(':').map(|(_, v)| v.trim().to_owned());
            }
        }
        parts.push(part);
        at = next + 2 + delimiter.len();
    }
}
