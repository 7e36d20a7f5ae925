//! Where requests go: an `http(s)://` URL, with the shorthands `5000`, `:5000/hook` and
//! `localhost:5000` for a local receiver.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

pub const DEFAULT_URL: &str = "http://localhost:5000/webhook";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: Scheme,
    /// Host as written (a name, an IPv4 address, or `[v6]` with brackets).
    pub host: String,
    pub port: Option<u16>,
    /// Path and query, starting with `/`.
    pub path: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EndpointError {
    #[error(
        "{0:?} is not a URL: expected http://host[:port]/path, a port like 5000, or :5000/path"
    )]
    Malformed(String),
    #[error("{0:?} uses an unsupported scheme: only http and https are")]
    Scheme(String),
    #[error("{0:?} has an invalid port")]
    Port(String),
}

impl FromStr for Endpoint {
    type Err = EndpointError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let malformed = || EndpointError::Malformed(text.to_string());
        if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(malformed());
        }
        // Shorthands for a local receiver: `5000`, `:5000/hook`.
        if text.bytes().all(|b| b.is_ascii_digit()) || text.starts_with(':') {
            let rest = text.trim_start_matches(':');
            let (port, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let port = port
                .parse::<u16>()
                .map_err(|_| EndpointError::Port(text.to_string()))?;
            return Ok(Self {
                scheme: Scheme::Http,
                host: "localhost".into(),
                port: Some(port),
                path: if path.is_empty() {
                    "/webhook".into()
                } else {
                    path.into()
                },
            });
        }
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" => (Scheme::Http, rest),
                "https" => (Scheme::Https, rest),
                _ => return Err(EndpointError::Scheme(text.to_string())),
            },
            None => (Scheme::Http, text),
        };
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        if authority.contains('@') || authority.is_empty() {
            return Err(malformed());
        }
        let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']'))
        {
            let host = &authority[..end + 2];
            (host, &authority[end + 2..])
        } else {
            match authority.rfind(':') {
                Some(i) => (&authority[..i], &authority[i..]),
                None => (authority, ""),
            }
        };
        let port = match port {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .and_then(|p| p.parse::<u16>().ok())
                    .ok_or_else(|| EndpointError::Port(text.to_string()))?,
            ),
        };
        if host.is_empty() {
            return Err(malformed());
        }
        let path = match path {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Ok(Self {
            scheme,
            host: host.to_string(),
            port,
            path,
        })
    }
}

impl Endpoint {
    /// The `Host` header: host, and the port when one was given.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        write!(f, "{scheme}://{}{}", self.host_header(), self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> String {
        text.parse::<Endpoint>().unwrap().to_string()
    }

    #[test]
    fn urls_and_shorthands() {
        assert_eq!(parse("5000"), "http://localhost:5000/webhook");
        assert_eq!(parse(":8080/hook"), "http://localhost:8080/hook");
        assert_eq!(parse("localhost:3000"), "http://localhost:3000/");
        assert_eq!(
            parse("https://example.com/a?b=c"),
            "https://example.com/a?b=c"
        );
        assert_eq!(parse("http://[::1]:5000/x"), "http://[::1]:5000/x");
        assert_eq!(parse("http://h?q"), "http://h/?q");
        let e: Endpoint = "http://127.0.0.1:9/p".parse().unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.path.as_str()),
            ("127.0.0.1", Some(9), "/p")
        );
    }

    #[test]
    fn bad_urls() {
        for bad in [
            "",
            "ftp://x/",
            "http://",
            "http://h:99999/",
            "http://u@h/",
            "a b",
            ":x",
            "99999",
        ] {
            assert!(bad.parse::<Endpoint>().is_err(), "{bad:?}");
        }
    }
}
