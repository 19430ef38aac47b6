//! The base URL: `https://`, or `http://` for localhost only.

use super::RequestError;

fn bad_url(message: impl Into<String>) -> RequestError {
    RequestError::InvalidBaseUrl {
        message: message.into(),
    }
}

/// Validates and normalizes a base URL (see [`Client::with_base_url`]).
pub(super) fn parse_base_url(url: &str) -> Result<String, RequestError> {
    const FORM: &str = "use https://host[:port][/path], e.g. https://api.kinetic.dev";
    if url.is_empty() {
        return Err(bad_url(crate::text::cat(&[
            "the base URL is empty; ",
            FORM,
            ".",
        ])));
    }
    if let Some(c) = url.chars().find(|c| !c.is_ascii_graphic()) {
        let what = if c.is_ascii_whitespace() {
            "whitespace"
        } else if c.is_ascii() {
            "a control character"
        } else {
            "a non-ASCII character (write the host in punycode)"
        };
        return Err(bad_url(crate::text::cat(&[
            "the base URL contains ",
            what,
            "; ",
            FORM,
            ".",
        ])));
    }
    let Some((scheme, rest)) = crate::text::split_once(url, "://") else {
        return Err(bad_url(crate::text::cat(&[
            "the base URL has no scheme; ",
            FORM,
            ".",
        ])));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad_url(crate::text::cat(&[
            "the base URL scheme must be https (http only for localhost); ",
            FORM,
            ".",
        ])));
    }
    if crate::text::contains(rest, "?") || crate::text::contains(rest, "#") {
        return Err(bad_url(crate::text::cat(&[
            "the base URL cannot have a query (?) or fragment (#); ",
            FORM,
            ".",
        ])));
    }
    if crate::text::contains(rest, "@") || crate::text::contains(rest, "\\") {
        return Err(bad_url(crate::text::cat(&[
            "the base URL cannot contain user info (@) or backslashes; the API key goes in the \
             client, not the URL; ",
            FORM,
            ".",
        ])));
    }
    let rest = rest.trim_end_matches('/');
    let (authority, path) = match crate::text::find(rest, "/") {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (host, port) = split_host_port(authority)?;
    let host = host.to_ascii_lowercase();
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !valid {
            return Err(bad_url(crate::text::cat(&[
                "the base URL port must be a number from 1 to 65535; ",
                FORM,
                ".",
            ])));
        }
    }
    let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if scheme == "http" && !local {
        return Err(bad_url(
            "the base URL must use https: http is allowed only for localhost, 127.0.0.1 and \
             [::1] (API keys must never cross a network unencrypted).",
        ));
    }
    // Split as bytes: `/` is ASCII, and a `char` pattern links its searcher.
    let segments_ok = path.as_bytes().split(|&b| b == b'/').skip(1).all(|seg| {
        !seg.is_empty()
            && seg != b"."
            && seg != b".."
            && seg
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:".contains(b))
    });
    if !segments_ok {
        return Err(bad_url(crate::text::cat(&[
            "the base URL path has an empty, '.' or '..' segment or a reserved character; ",
            FORM,
            ".",
        ])));
    }
    let mut out = crate::text::cat(&[&scheme, "://", &host]);
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(path);
    Ok(out)
}

/// Splits `host[:port]` / `[v6][:port]`, checking the host's characters.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), RequestError> {
    const FORM: &str = "use https://host[:port][/path], e.g. https://api.kinetic.dev";
    let (host, port) = if authority.starts_with('[') {
        let Some(end) = crate::text::find(authority, "]") else {
            return Err(bad_url(crate::text::cat(&[
                "the base URL has an unclosed '[' in its host; ",
                FORM,
                ".",
            ])));
        };
        let (host, after) = authority.split_at(end + 1);
        let inner = host.get(1..host.len() - 1).unwrap_or("");
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad_url(crate::text::cat(&[
                "the base URL has an invalid IPv6 host; ",
                FORM,
                ".",
            ])));
        }
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => {
                return Err(bad_url(crate::text::cat(&[
                    "the base URL host is malformed; ",
                    FORM,
                    ".",
                ])))
            }
        }
    } else {
        match crate::text::split_once(authority, ":") {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && !matches!(host.as_bytes().first(), Some(b'.' | b'-'))
            && !matches!(host.as_bytes().last(), Some(b'.' | b'-'))
            && !crate::text::contains(host, "..")
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    if !host_ok {
        return Err(bad_url(crate::text::cat(&[
            "the base URL host must be a name or address of letters, digits, '-' and '.'; ",
            FORM,
            ".",
        ])));
    }
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let ok = [
            ("https://api.kinetic.dev", "https://api.kinetic.dev"),
            ("https://api.kinetic.dev/", "https://api.kinetic.dev"),
            ("HTTPS://API.Kinetic.dev//", "https://api.kinetic.dev"),
            (
                "https://proxy.example/kinetic/",
                "https://proxy.example/kinetic",
            ),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://127.0.0.1:3000/", "http://127.0.0.1:3000"),
            ("http://[::1]:9", "http://[::1]:9"),
            (
                "https://[2001:db8::1]:8443/api",
                "https://[2001:db8::1]:8443/api",
            ),
        ];
        for (input, want) in ok {
            assert_eq!(parse_base_url(input).as_deref(), Ok(want), "{input}");
        }
        let bad = [
            "",
            "api.kinetic.dev",
            "ftp://api.kinetic.dev",
            "http://api.kinetic.dev",
            "http://localhost.evil.com",
            "https://user:pw@api.kinetic.dev",
            "https://api.kinetic.dev?x=1",
            "https://api.kinetic.dev#frag",
            "https://api.kinetic.dev:0",
            "https://api.kinetic.dev:65536",
            "https://api.kinetic.dev:",
            "https://api.kinetic.dev:80a",
            "https://",
            "https:///v1",
            "https://api kinetic.dev",
            "https://api.kinetic.dev/a//b",
            "https://api.kinetic.dev/../x",
            "https://bücher.example",
            "https://[::1",
            "https://[zz]",
            "https://.example",
            " https://api.kinetic.dev",
        ];
        for input in bad {
            let err = parse_base_url(input).unwrap_err();
            assert_eq!(err.code(), "invalid_base_url", "{input}");
        }
    }
}
