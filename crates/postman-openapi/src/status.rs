//! HTTP reason phrases, to recover a status an example records only as text
//! (`"status": "Not Found"` with no `code`).

/// The status a reason phrase names (`Not Found` → 404), compared without
/// case, spaces or punctuation; a phrase that starts with a status number
/// (`404 Not Found`) gives that number.
pub fn status_of_reason(reason: &str) -> Option<u16> {
    let leading: String = reason
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if leading.len() == 3
        && let Ok(code) = leading.parse::<u16>()
        && (100..=599).contains(&code)
    {
        return Some(code);
    }
    let wanted = normalize(reason);
    if wanted.is_empty() {
        return None;
    }
    REASONS
        .iter()
        .find(|(_, phrase)| normalize(phrase) == wanted)
        .map(|(code, _)| *code)
}

fn normalize(phrase: &str) -> String {
    phrase
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The IANA registry's reason phrases, plus common variants.
const REASONS: &[(u16, &str)] = &[
    (100, "Continue"),
    (101, "Switching Protocols"),
    (102, "Processing"),
    (103, "Early Hints"),
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (203, "Non-Authoritative Information"),
    (204, "No Content"),
    (205, "Reset Content"),
    (206, "Partial Content"),
    (207, "Multi-Status"),
    (208, "Already Reported"),
    (226, "IM Used"),
    (300, "Multiple Choices"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (303, "See Other"),
    (304, "Not Modified"),
    (305, "Use Proxy"),
    (307, "Temporary Redirect"),
    (308, "Permanent Redirect"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (402, "Payment Required"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (407, "Proxy Authentication Required"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (410, "Gone"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (413, "Payload Too Large"),
    (413, "Request Entity Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (417, "Expectation Failed"),
    (418, "I'm a teapot"),
    (421, "Misdirected Request"),
    (422, "Unprocessable Content"),
    (422, "Unprocessable Entity"),
    (423, "Locked"),
    (424, "Failed Dependency"),
    (425, "Too Early"),
    (426, "Upgrade Required"),
    (428, "Precondition Required"),
    (429, "Too Many Requests"),
    (431, "Request Header Fields Too Large"),
    (451, "Unavailable For Legal Reasons"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
    (505, "HTTP Version Not Supported"),
    (506, "Variant Also Negotiates"),
    (507, "Insufficient Storage"),
    (508, "Loop Detected"),
    (510, "Not Extended"),
    (511, "Network Authentication Required"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_phrases_name_their_status() {
        assert_eq!(status_of_reason("Not Found"), Some(404));
        assert_eq!(status_of_reason("not found"), Some(404));
        assert_eq!(status_of_reason("Unprocessable Entity"), Some(422));
        assert_eq!(status_of_reason("201 Created"), Some(201));
        assert_eq!(status_of_reason("Whatever"), None);
        assert_eq!(status_of_reason(""), None);
    }
}
