//! `multipart/form-data` bodies (the knowledge-article attachment upload).
//!
//! Encoded by hand into one byte buffer (RFC 7578): the body then has a length and can be
//! sent again on a retry like any JSON body, and reqwest's `multipart` feature (with its MIME
//! guessing) is not needed.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};

/// A form of text fields and files.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, PartValue)>,
}

#[derive(Clone, Debug)]
enum PartValue {
    Text(String),
    File(FilePart),
}

/// One file to upload: its name, its bytes and its media type
/// (`application/octet-stream` unless set).
///
/// ```
/// use dixa_client::FilePart;
///
/// let png: Vec<u8> = vec![0x89, b'P', b'N', b'G']; // e.g. from `std::fs::read`
/// let logo = FilePart::new("logo.png", png).content_type("image/png");
/// let note = FilePart::new("note.txt", "hello"); // anything `Into<Bytes>`: Vec<u8>, &'static str, ...
/// assert_eq!(note.data(), &dixa_client::bytes::Bytes::from_static(b"hello"));
///
/// // The beta's attachment upload takes them (feature `beta`).
/// async fn upload(client: &dixa_client::Client, files: Vec<FilePart>) -> Result<(), dixa_client::Error> {
///     let uploaded = client.beta().knowledge().upload_article_attachments().files(files).await?;
///     Ok(())
/// }
/// ```
#[derive(Clone)]
pub struct FilePart {
    file_name: String,
    content_type: Option<String>,
    data: Bytes,
}

impl FilePart {
    pub fn new(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// The media type of the file, e.g. `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    pub fn data(&self) -> &Bytes {
        &self.data
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

impl Multipart {
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts
            .push((name.into(), PartValue::Text(value.into())));
        self
    }

    /// Adds a file under the field `name`.
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.parts.push((name.into(), PartValue::File(file)));
        self
    }

    /// Adds each file under the same field `name` (an `array` of `binary` in the description).
    pub fn files(mut self, name: &str, files: impl IntoIterator<Item = FilePart>) -> Self {
        for file in files {
            self = self.file(name, file);
        }
        self
    }

    /// The encoded body and its `Content-Type` (with a random boundary).
    pub(crate) fn encode(&self) -> (Bytes, String) {
        let boundary = format!(
            "dixa-client-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let mut out = BytesMut::new();
        for (name, value) in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.put_slice(quote(name).as_bytes());
            out.put_slice(b"\"");
            match value {
                PartValue::Text(text) => {
                    out.put_slice(b"\r\n\r\n");
                    out.put_slice(text.as_bytes());
                }
                PartValue::File(file) => {
                    out.put_slice(b"; filename=\"");
                    out.put_slice(quote(&file.file_name).as_bytes());
                    out.put_slice(b"\"\r\nContent-Type: ");
                    let ct = file
                        .content_type
                        .as_deref()
                        .filter(|ct| !ct.contains(['\r', '\n']))
                        .unwrap_or("application/octet-stream");
                    out.put_slice(ct.as_bytes());
                    out.put_slice(b"\r\n\r\n");
                    out.put_slice(&file.data);
                }
            }
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={boundary}");
        (out.freeze(), content_type)
    }
}

/// Escapes a field or file name inside quotes the way browsers do (WHATWG HTML).
fn quote(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields_and_files() {
        let form = Multipart::new().text("note", "hi").files(
            "files",
            [
                FilePart::new("a.txt", &b"AAA"[..]).content_type("text/plain"),
                FilePart::new("we\"ird\n.bin", vec![0u8, 1, 2]),
            ],
        );
        let (body, ct) = form.encode();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8_lossy(&body);
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nAAA\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"we%22ird%0A.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\u{0}\u{1}\u{2}\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn debug_hides_file_contents() {
        let f = FilePart::new("secret.txt", &b"top secret"[..]);
        let d = format!("{f:?}");
        assert!(!d.contains("top secret") && d.contains("len: 10"), "{d}");
    }
}
