//! Raw HTTP/1.1 request files (`.http`), as `sign --format http` writes them.

use super::{Capture, CaptureError};

/// Splits off one line ending in `\r\n` or `\n`.
fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let line = &bytes[..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some((line, &bytes[end + 1..]))
}

fn error(message: impl Into<String>) -> CaptureError {
    CaptureError::Http(message.into())
}

pub(super) fn parse(bytes: &[u8]) -> Result<Capture, CaptureError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CaptureError::Empty);
    }
    let (request_line, mut rest) =
        split_line(bytes).ok_or_else(|| error("no request line ending in a newline"))?;
    let request_line =
        std::str::from_utf8(request_line).map_err(|_| error("the request line is not text"))?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(error(
            "expected a request line like `POST /webhook HTTP/1.1`",
        ));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(error(
            "expected a request line like `POST /webhook HTTP/1.1`",
        ));
    }
    if !version.starts_with("HTTP/1.") {
        return Err(error(format!(
            "unsupported HTTP version `{}`",
            version.chars().take(20).collect::<String>()
        )));
    }
    let mut headers = Vec::new();
    let mut line_number = 1;
    loop {
        line_number += 1;
        let (line, next) =
            split_line(rest).ok_or_else(|| error("the headers do not end with a blank line"))?;
        rest = next;
        if line.is_empty() {
            break;
        }
        let line = std::str::from_utf8(line)
            .map_err(|_| error(format!("header line {line_number} is not text")))?;
        let (name, value) = line
            .split_once(':')
            .filter(|(name, _)| !name.is_empty() && !name.contains([' ', '\t']))
            .ok_or_else(|| error(format!("line {line_number} is not a `name: value` header")))?;
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)?
    } else if let Some(length) = find("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| error("`content-length` is not a number"))?;
        if rest.len() < length {
            return Err(error(format!(
                "the body has {} bytes but `content-length` says {length}",
                rest.len()
            )));
        }
        let (body, trailing) = rest.split_at(length);
        if !trailing.iter().all(u8::is_ascii_whitespace) {
            return Err(error(format!(
                "{} bytes follow the body that `content-length` announces",
                trailing.len()
            )));
        }
        body.to_vec()
    } else {
        rest.to_vec()
    };
    // An absolute-form target keeps only its path. An origin-form one (`/…`) is kept whole,
    // even with `://` in its query.
    let path = match target.split_once("://") {
        Some((_, after)) if !target.starts_with('/') => {
            after.find('/').map_or("/", |i| &after[i..])
        }
        _ => target,
    };
    Ok(Capture {
        method: Some(method.to_string()),
        path: Some(path.to_string()),
        headers,
        body,
        ..Capture::default()
    })
}

/// Decodes a chunked body: hex size lines, chunks, a zero-size chunk, optional trailers.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, CaptureError> {
    let mut body = Vec::new();
    loop {
        let (size_line, next) =
            split_line(rest).ok_or_else(|| error("a chunk size line is missing"))?;
        let size_text = std::str::from_utf8(size_line)
            .ok()
            .map(|s| s.split(';').next().unwrap_or("").trim())
            .ok_or_else(|| error("a chunk size is not text"))?;
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| error("a chunk size is not hexadecimal"))?;
        if size == 0 {
            return Ok(body);
        }
        if next.len() < size {
            return Err(error("a chunk is shorter than its size"));
        }
        body.extend_from_slice(&next[..size]);
        rest = &next[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .ok_or_else(|| error("a chunk does not end with a newline"))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_sign_writes() {
        let raw = b"POST /hook?x=1 HTTP/1.1\r\nhost: h\r\ncontent-length: 2\r\nWebhook-Id: msg_1\r\n\r\n{}\n";
        let c = parse(raw).unwrap();
        assert_eq!(c.method.as_deref(), Some("POST"));
        assert_eq!(c.path.as_deref(), Some("/hook?x=1"));
        assert_eq!(c.header("webhook-id"), Some("msg_1"));
        assert_eq!(c.body, b"{}", "the editor's final newline is not body");
    }

    #[test]
    fn bare_newlines_chunked_and_absolute_targets() {
        let c = parse(
            b"POST http://h:1/p HTTP/1.1\ntransfer-encoding: chunked\n\n3\nabc\n2;x=y\nde\n0\n\n",
        )
        .unwrap();
        assert_eq!(c.path.as_deref(), Some("/p"));
        assert_eq!(c.body, b"abcde");
        let c = parse(b"POST / HTTP/1.1\n\nraw body").unwrap();
        assert_eq!(c.body, b"raw body");
        // A URL in the query of an origin-form target is not an absolute form.
        let c = parse(b"POST /hook?next=http://x/y HTTP/1.1\n\n").unwrap();
        assert_eq!(c.path.as_deref(), Some("/hook?next=http://x/y"));
    }

    #[test]
    fn malformed_requests_are_errors() {
        for bad in [
            &b""[..],
            b"POST / HTTP/1.1",
            b"GARBAGE\r\n\r\n",
            b"post / HTTP/1.1\r\n\r\n",
            b"POST / HTTP/2\r\n\r\n",
            b"POST / HTTP/1.1\r\nno colon\r\n\r\n",
            b"POST / HTTP/1.1\r\ncontent-length: 10\r\n\r\nshort",
            b"POST / HTTP/1.1\r\ncontent-length: 1\r\n\r\nlonger",
            b"POST / HTTP/1.1\r\ncontent-length: x\r\n\r\n",
            b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
            b"\xff\xfe / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
