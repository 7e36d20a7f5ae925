//! Finding the three signature headers among a request's headers: either naming, any case.

use std::borrow::Cow;

use super::VerifyError;

/// Which family of header names a message used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderNaming {
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature` (Standard Webhooks).
    Standard,
    /// `svix-id`, `svix-timestamp`, `svix-signature` (Svix's branded names).
    Svix,
}

impl HeaderNaming {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Standard => "webhook-",
            Self::Svix => "svix-",
        }
    }
}

/// The signature headers of one message, borrowed from the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookHeaders<'a> {
    pub id: Cow<'a, str>,
    pub timestamp: Cow<'a, str>,
    /// Every entry of every `*-signature` header, space-separated.
    pub signature: Cow<'a, str>,
    pub naming: HeaderNaming,
}

/// The values of one header in both namings. The first value is kept; a repeated value is
/// checked against it, except for signatures, which are joined.
#[derive(Default)]
struct Slot<'a> {
    svix: Option<Cow<'a, str>>,
    standard: Option<Cow<'a, str>>,
}

impl<'a> Slot<'a> {
    fn add(
        &mut self,
        family: HeaderNaming,
        value: &'a str,
        join: bool,
        name: &'static str,
    ) -> Result<(), VerifyError> {
        let place = match family {
            HeaderNaming::Svix => &mut self.svix,
            HeaderNaming::Standard => &mut self.standard,
        };
        match place {
            None => *place = Some(Cow::Borrowed(value)),
            Some(existing) if join => *existing = Cow::Owned(format!("{existing} {value}")),
            Some(existing) if existing == value => {}
            Some(_) => return Err(VerifyError::ConflictingHeaders(name)),
        }
        Ok(())
    }

    /// Svix's libraries prefer `svix-*` when both are present; so do we.
    fn pick(self) -> Option<(Cow<'a, str>, HeaderNaming)> {
        match (self.svix, self.standard) {
            (Some(v), _) => Some((v, HeaderNaming::Svix)),
            (None, Some(v)) => Some((v, HeaderNaming::Standard)),
            (None, None) => None,
        }
    }
}

impl<'a> WebhookHeaders<'a> {
    /// Finds the headers in `(name, value)` pairs. Names match in any case. A repeated id or
    /// timestamp must repeat the same value; repeated signature headers are joined, since any one
    /// entry may match.
    pub fn find<I>(headers: I) -> Result<Self, VerifyError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let (mut id, mut ts, mut sig) = (Slot::default(), Slot::default(), Slot::default());
        for (name, value) in headers {
            let Some((family, field)) = split_name(name) else {
                continue;
            };
            match field {
                Field::Id => id.add(family, value, false, "webhook-id")?,
                Field::Timestamp => ts.add(family, value, false, "webhook-timestamp")?,
                Field::Signature => sig.add(family, value, true, "webhook-signature")?,
            }
        }
        match (id.pick(), ts.pick(), sig.pick()) {
            (Some((id, _)), Some((timestamp, _)), Some((signature, naming))) => Ok(Self {
                id,
                timestamp,
                signature,
                naming,
            }),
            (id, ts, sig) => Err(VerifyError::MissingHeaders(
                [
                    (id.is_none(), "webhook-id"),
                    (ts.is_none(), "webhook-timestamp"),
                    (sig.is_none(), "webhook-signature"),
                ]
                .into_iter()
                .filter(|(missing, _)| *missing)
                .map(|(_, name)| name)
                .collect(),
            )),
        }
    }
}

enum Field {
    Id,
    Timestamp,
    Signature,
}

/// `webhook-id`, `svix-signature` and the like, in any case: the headers a signature covers.
pub fn is_signature_header(name: &str) -> bool {
    split_name(name).is_some()
}

fn split_name(name: &str) -> Option<(HeaderNaming, Field)> {
    let strip = |prefix: &str| {
        (name.len() > prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &name[prefix.len()..])
    };
    let (family, rest) = if let Some(rest) = strip("webhook-") {
        (HeaderNaming::Standard, rest)
    } else if let Some(rest) = strip("svix-") {
        (HeaderNaming::Svix, rest)
    } else {
        return None;
    };
    let field = if rest.eq_ignore_ascii_case("id") {
        Field::Id
    } else if rest.eq_ignore_ascii_case("timestamp") {
        Field::Timestamp
    } else if rest.eq_ignore_ascii_case("signature") {
        Field::Signature
    } else {
        return None;
    };
    Some((family, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_naming_in_any_case() {
        let h = WebhookHeaders::find([
            ("Webhook-Id", "msg_1"),
            ("WEBHOOK-TIMESTAMP", "1"),
            ("webhook-signature", "v1,x"),
        ])
        .unwrap();
        assert_eq!((&*h.id, &*h.timestamp), ("msg_1", "1"));
        assert_eq!(h.naming, HeaderNaming::Standard);
        let h = WebhookHeaders::find([
            ("SVIX-ID", "msg_2"),
            ("svix-timestamp", "2"),
            ("Svix-Signature", "v1,y"),
            ("webhook-signature", "v1,z"),
        ])
        .unwrap();
        assert_eq!((&*h.id, &*h.signature), ("msg_2", "v1,y"));
        assert_eq!(h.naming, HeaderNaming::Svix);
    }

    #[test]
    fn missing_and_conflicting() {
        assert_eq!(
            WebhookHeaders::find([("webhook-id", "a")]).unwrap_err(),
            VerifyError::MissingHeaders(vec!["webhook-timestamp", "webhook-signature"])
        );
        assert_eq!(
            WebhookHeaders::find([
                ("webhook-id", "a"),
                ("webhook-id", "b"),
                ("webhook-timestamp", "1"),
                ("webhook-signature", "v1,x"),
            ])
            .unwrap_err(),
            VerifyError::ConflictingHeaders("webhook-id")
        );
    }

    #[test]
    fn repeated_signature_headers_are_joined() {
        let h = WebhookHeaders::find([
            ("webhook-id", "a"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,x"),
            ("webhook-signature", "v1,y"),
        ])
        .unwrap();
        assert_eq!(h.signature, "v1,x v1,y");
    }

    #[test]
    fn names_with_multibyte_text_do_not_panic() {
        assert!(WebhookHeaders::find([("wébhook-id", "a"), ("é", "b")]).is_err());
    }
}
