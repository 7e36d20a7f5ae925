//! Reading JSON captures in one pass. Strings are borrowed from the input where JSON allows it
//! (no escapes), so verifying a stream of captures allocates little.

use std::borrow::Cow;
use std::fmt;

use base64::Engine;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Capture, CaptureError, trim_ascii_start};

/// A capture borrowed from its JSON text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaptureView<'a> {
    pub method: Option<Cow<'a, str>>,
    pub path: Option<Cow<'a, str>>,
    pub received_at: Option<Cow<'a, str>>,
    /// Lower-case names in their order; a repeated header appears once per value.
    pub headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub body: Cow<'a, [u8]>,
    /// Unknown fields, when asked to keep them.
    pub extra: Map<String, Value>,
}

impl<'a> CaptureView<'a> {
    /// Parses one JSON capture, skipping fields it does not interpret.
    pub fn from_json(bytes: &'a [u8]) -> Result<Self, CaptureError> {
        Self::parse(bytes, false)
    }

    pub(super) fn parse(bytes: &'a [u8], keep_extra: bool) -> Result<Self, CaptureError> {
        if trim_ascii_start(bytes).is_empty() {
            return Err(CaptureError::Empty);
        }
        // JSON is UTF-8 throughout. serde skips unknown fields without checking them, so check
        // here: otherwise a file with bad bytes in a field it skips would read here but not
        // where unknown fields are kept (found by the fuzz target `capture_json`).
        let text = std::str::from_utf8(bytes).map_err(|e| {
            CaptureError::Json(format!("not UTF-8 text (at byte {})", e.valid_up_to()))
        })?;
        let mut de = serde_json::Deserializer::from_str(text);
        let raw = CaptureSeed { keep_extra }
            .deserialize(&mut de)
            .and_then(|raw| de.end().map(|()| raw))
            .map_err(json_error)?;
        raw.settle()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect()
    }

    pub fn into_owned(self) -> Capture {
        Capture {
            method: self.method.map(Cow::into_owned),
            path: self.path.map(Cow::into_owned),
            received_at: self.received_at.map(Cow::into_owned),
            headers: self
                .headers
                .into_iter()
                .map(|(n, v)| (n.into_owned(), v.into_owned()))
                .collect(),
            body: self.body.into_owned(),
            extra: self.extra,
        }
    }
}

fn json_error(e: serde_json::Error) -> CaptureError {
    let message = e.to_string();
    if message.starts_with("missing field `headers`") {
        CaptureError::NoHeaders
    } else {
        CaptureError::Json(message)
    }
}

/// The fields as JSON gives them, before the body is settled.
struct Raw<'a> {
    view: CaptureView<'a>,
    has_headers: bool,
    body: Option<Cow<'a, str>>,
    body_base64: Option<Cow<'a, str>>,
}

impl<'a> Raw<'a> {
    fn settle(self) -> Result<CaptureView<'a>, CaptureError> {
        if !self.has_headers {
            return Err(CaptureError::NoHeaders);
        }
        let body = match (self.body, self.body_base64) {
            (Some(_), Some(_)) => return Err(CaptureError::BothBodies),
            (Some(Cow::Borrowed(text)), None) => Cow::Borrowed(text.as_bytes()),
            (Some(Cow::Owned(text)), None) => Cow::Owned(text.into_bytes()),
            (None, Some(b64)) => Cow::Owned(
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .map_err(|_| CaptureError::BodyBase64)?,
            ),
            (None, None) => return Err(CaptureError::NoBody),
        };
        Ok(CaptureView { body, ..self.view })
    }
}

/// The body's JSON string, unescaped in one pass into a buffer of the right size (or borrowed
/// when it has no escapes). serde_json has already checked that the literal is well formed.
fn string_literal(raw: &str) -> Result<Option<Cow<'_, str>>, &'static str> {
    if raw == "null" {
        return Ok(None);
    }
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or("`body` must be a string (use `body_base64` for bytes that are not text)")?;
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Ok(Some(Cow::Borrowed(inner)));
    }
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'\\', &bytes[at..]) {
        let escape = at + offset;
        out.push_str(&inner[at..escape]);
        let kind = *bytes
            .get(escape + 1)
            .ok_or("a truncated escape in `body`")?;
        at = escape + 2;
        let c = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = hex4(bytes, at)?;
                at += 4;
                if (0xD800..0xDC00).contains(&unit) {
                    // A surrogate pair: a second \uXXXX must follow.
                    if bytes.get(at..at + 2) != Some(b"\\u") {
                        return Err("a lone surrogate in `body`");
                    }
                    let low = hex4(bytes, at + 2)?;
                    at += 6;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err("a lone surrogate in `body`");
                    }
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        .ok_or("an invalid escape in `body`")?
                } else {
                    char::from_u32(unit).ok_or("a lone surrogate in `body`")?
                }
            }
            _ => return Err("an invalid escape in `body`"),
        };
        out.push(c);
    }
    out.push_str(&inner[at..]);
    Ok(Some(Cow::Owned(out)))
}

fn hex4(bytes: &[u8], at: usize) -> Result<u32, &'static str> {
    let digits = bytes
        .get(at..at + 4)
        .ok_or("a truncated escape in `body`")?;
    let text = std::str::from_utf8(digits).map_err(|_| "an invalid escape in `body`")?;
    u32::from_str_radix(text, 16).map_err(|_| "an invalid escape in `body`")
}

/// A string borrowed from the input when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

struct CaptureSeed {
    keep_extra: bool,
}

impl<'de> DeserializeSeed<'de> for CaptureSeed {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CaptureSeed {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a capture object with `headers` and `body` or `body_base64`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        let mut raw = Raw {
            view: CaptureView::default(),
            has_headers: false,
            body: None,
            body_base64: None,
        };
        while let Some(Text(key)) = map.next_key::<Text>()? {
            let slot = match key.as_ref() {
                "method" => &mut raw.view.method,
                "path" => &mut raw.view.path,
                "received_at" => &mut raw.view.received_at,
                "body" => {
                    if raw.body.is_some() {
                        return Err(de::Error::duplicate_field("body"));
                    }
                    let text: &'de RawValue = map.next_value()?;
                    raw.body = string_literal(text.get()).map_err(de::Error::custom)?;
                    continue;
                }
                "body_base64" => &mut raw.body_base64,
                "headers" => {
                    if raw.has_headers {
                        return Err(de::Error::duplicate_field("headers"));
                    }
                    raw.has_headers = true;
                    map.next_value_seed(HeadersSeed(&mut raw.view.headers))?;
                    continue;
                }
                _ if self.keep_extra => {
                    let value = map.next_value::<Value>()?;
                    raw.view.extra.insert(key.into_owned(), value);
                    continue;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!("duplicate field `{key}`")));
            }
            *slot = map.next_value::<Option<Text>>()?.map(|t| t.0);
        }
        Ok(raw)
    }
}

type Headers<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// `{"name": "value" | ["value", …]}` appended as lower-case `(name, value)` pairs.
struct HeadersSeed<'v, 'a>(&'v mut Headers<'a>);

impl<'de> DeserializeSeed<'de> for HeadersSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeadersSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of header names to strings or lists of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(name)) = map.next_key::<Text>()? {
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                name
            };
            map.next_value_seed(ValuesSeed {
                name,
                out: &mut *self.0,
            })?;
        }
        Ok(())
    }
}

/// One header's value: a string, or a list of strings.
struct ValuesSeed<'v, 'a> {
    name: Cow<'a, str>,
    out: &'v mut Headers<'a>,
}

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "header `{}` as a string or a list of strings", self.name)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<(), E> {
        self.out.push((self.name, Cow::Borrowed(value)));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.out.push((self.name, Cow::Owned(value.to_string())));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(Text(value)) = seq.next_element::<Text>().map_err(|_| {
            de::Error::custom(format!(
                "header `{}` must be a string or a list of strings",
                self.name
            ))
        })? {
            self.out.push((self.name.clone(), value));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_strings_unescape_like_serde_json() {
        for text in [
            "plain",
            "",
            "quote \" backslash \\ slash / controls \u{8}\u{c}\n\r\t \u{1} é 😀 \u{2028}",
        ] {
            let literal = serde_json::to_string(text).unwrap();
            assert_eq!(string_literal(&literal).unwrap().unwrap(), text);
        }
        let escaped = r#""\u00e9\ud83d\ude00\/""#;
        assert_eq!(string_literal(escaped).unwrap().unwrap(), "é😀/");
        assert_eq!(string_literal("null").unwrap(), None);
        assert!(string_literal("5").is_err());
        assert!(string_literal(r#""\ud83d""#).is_err());
        assert!(string_literal(r#""\ud83dx""#).is_err());
    }
}
