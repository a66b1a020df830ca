//! Where in a JSON body a decode error happened, as a path (`data[3].attributes._type`).
//!
//! Response bodies are decoded with plain `serde_json` (the fastest path, and one
//! instantiation of each model's `Deserialize`). Only when that fails is the error's
//! line and column turned into a path, by scanning the body up to that point. This is
//! one non-generic function, so a precise error costs nothing per model type.

/// The JSON path of the innermost value open at `error`'s position in `body`.
///
/// serde_json places an error on the last byte it read. A data error placed on a `}` or
/// `]` is about the container that byte closes (a missing field, a union whose variant
/// failed): its path is the container's, not that of the container's last key.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[doc(hidden)]
pub fn json_path_at(body: &[u8], error: &serde_json::Error) -> String {
    let offset = byte_offset(body, error.line(), error.column());
    let closes = error.is_data() && matches!(body.get(offset), Some(b'}' | b']'));
    path_before(body, if closes { offset + 1 } else { offset })
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match body[line_start..].iter().position(|&b| b == b'\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    (line_start + column.saturating_sub(1)).min(body.len())
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Scans `body[..end]` keeping the stack of open containers, then prints it.
fn path_before(body: &[u8], end: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = &body[start..i.min(body.len())];
                    *key = Some(String::from_utf8_lossy(raw).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        attributes: Attributes,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Attributes {
        kind: String,
    }

    fn path_of(body: &str) -> String {
        let err = serde_json::from_str::<Page>(body).unwrap_err();
        json_path_at(body.as_bytes(), &err)
    }

    #[test]
    fn wrong_types_point_at_their_key() {
        let body =
            r#"{"data":[{"id":1,"attributes":{"kind":"A"}},{"id":2,"attributes":{"kind":42}}]}"#;
        assert_eq!(path_of(body), "data[1].attributes.kind");
    }

    #[test]
    fn missing_fields_point_at_their_object_across_lines() {
        let body = "{\n  \"data\": [\n    {\"id\": 1, \"attributes\": {}}\n  ]\n}";
        assert_eq!(path_of(body), "data[0].attributes");
    }

    #[test]
    fn missing_fields_point_at_their_object_not_its_last_key() {
        let body = r#"{"data":[{"id":1,"attributes":{"kind":"A"}},{"id":2,"attributes":{"x":1}}]}"#;
        assert_eq!(path_of(body), "data[1].attributes");
        let body = r#"{"data":[{"id":1,"attributes":{"kind":"A"}},{"attributes":{"kind":"B"}}]}"#;
        assert_eq!(path_of(body), "data[1]");
    }

    #[test]
    fn escaped_quotes_and_brackets_in_strings_do_not_confuse_it() {
        let body = r#"{"data":[{"id":1,"attributes":{"kind":"a\"]}{,"}},{"id":"x","attributes":{"kind":"b"}}]}"#;
        assert_eq!(path_of(body), "data[1].id");
    }

    #[test]
    fn a_truncated_document_gives_the_deepest_open_container() {
        let body = r#"{"data":[{"id":1,"attributes":{"kind":"a"}}"#;
        assert_eq!(path_of(body), "data[0].attributes");
    }
}
