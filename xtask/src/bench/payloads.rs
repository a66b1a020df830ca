//! Large response bodies for the decode and client benchmarks, built at bench time from
//! the examples embedded in the description (never committed: they are third-party data).
//!
//! The examples are read twice: through `dixa_codegen` to learn which type each example
//! is (the checker's `example_cases`), and as raw YAML (`serde_yaml` keeps key order,
//! `serde_json::Value` would sort it) so every object keeps its keys, and its `_type`,
//! where the example has them. Copies are varied (ids, timestamps, text lengths) so the
//! decoder does not see the same bytes over and over.

use std::fmt::Write as _;
use std::path::Path;

use dixa_codegen::model::ir::{Model, TypeKind, TypeRef};
use serde_yaml::Value as Yaml;

use crate::Error;

/// The files written into the payload directory, read by `generated-client/bench/benches/wire.rs`.
pub const MESSAGES: &str = "messages.json";
pub const CONVERSATIONS: &str = "conversations.json";
pub const AGENT: &str = "agent.json";
pub const AGENTS: &str = "agents.json";

/// What was written, for the report.
#[derive(Debug, Clone)]
pub struct Payload {
    pub file: &'static str,
    /// The Rust type the bench decodes it into.
    pub type_name: &'static str,
    pub bytes: usize,
    pub items: usize,
    /// How many distinct examples the items were varied from.
    pub examples: usize,
}

/// Builds every payload from the description text into `dir`; `target_bytes` is the
/// size of each of the two large lists.
pub fn write_payloads(
    inputs: &dixa_codegen::inputs::VersionInputs,
    dir: &Path,
    target_bytes: usize,
) -> Result<Vec<Payload>, Error> {
    let spec_text = inputs.description.as_str();
    let spec = dixa_codegen::load::parse_description(spec_text)
        .map_err(|d| Error::other(format!("the description does not load:\n{d}")))?;
    let overrides =
        dixa_codegen::load::overrides::Overrides::parse_files(&inputs.overrides_files())
            .map_err(|d| Error::other(format!("the overrides do not load:\n{d}")))?;
    let model = dixa_codegen::model::build_model(&spec, &overrides)
        .map_err(|d| Error::other(format!("the model does not build:\n{d}")))?;
    let ordered: Yaml = serde_yaml::from_str(spec_text)
        .map_err(|e| Error::other(format!("the description is not YAML: {e}")))?;
    let cases: Vec<(String, String)> =
        dixa_codegen::examples::example_cases(&spec, &model, &overrides)
            .into_iter()
            .filter(|c| c.skipped.is_none())
            .filter_map(|c| match c.ty {
                Some(TypeRef::Named(name)) => Some((c.pointer, name)),
                _ => None,
            })
            .collect();
    let examples_of = |wanted: &dyn Fn(&str) -> bool| -> Vec<&Yaml> {
        cases
            .iter()
            .filter(|(_, ty)| wanted(ty))
            .filter_map(|(pointer, _)| at_pointer(&ordered, pointer))
            .collect()
    };

    let messages = data_items(&examples_of(&|ty| ty == "ListMessagesOutput"));
    let conversation_lists = |ty: &str| data_field_is(&model, ty, "Conversation");
    let conversations = data_items(&examples_of(&conversation_lists));
    let agent = examples_of(&|ty| ty == "AgentOutput");
    let agents = examples_of(&|ty| ty == "ListAgentsOutput");

    std::fs::create_dir_all(dir)
        .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (file, type_name, pool) in [
        (MESSAGES, "ListMessagesOutput", &messages),
        (
            CONVERSATIONS,
            "ListEndUserConversationsOutput",
            &conversations,
        ),
    ] {
        if pool.is_empty() {
            return Err(Error::other(format!(
                "no example of a {type_name} item in the description: cannot build {file}"
            )));
        }
        let (text, items) = varied_list(pool, target_bytes)?;
        write(dir, file, &text)?;
        written.push(Payload {
            file,
            type_name,
            bytes: text.len(),
            items,
            examples: pool.len(),
        });
    }
    for (file, type_name, examples) in [
        (AGENT, "AgentOutput", &agent),
        (AGENTS, "ListAgentsOutput", &agents),
    ] {
        let example = examples
            .first()
            .ok_or_else(|| Error::other(format!("no example of {type_name} in the description")))?;
        let text = json(example)?;
        write(dir, file, &text)?;
        written.push(Payload {
            file,
            type_name,
            bytes: text.len(),
            items: 1,
            examples: 1,
        });
    }
    Ok(written)
}

fn write(dir: &Path, file: &str, text: &str) -> Result<(), Error> {
    let path = dir.join(file);
    std::fs::write(&path, text)
        .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))
}

/// Whether `type_name` is a struct whose `data` holds `item` (one or a list).
fn data_field_is(model: &Model, type_name: &str, item: &str) -> bool {
    let Some(TypeKind::Struct(s)) = model.types.get(type_name).map(|t| &t.kind) else {
        return false;
    };
    s.fields.iter().any(|f| {
        f.wire_name == "data"
            && match &f.ty {
                TypeRef::Named(n) => n == item,
                TypeRef::List(inner) => matches!(&**inner, TypeRef::Named(n) if n == item),
                _ => false,
            }
    })
}

/// The elements of the `data` key of each example (the element itself when `data` is
/// a single object).
fn data_items<'a>(examples: &[&'a Yaml]) -> Vec<&'a Yaml> {
    examples
        .iter()
        .filter_map(|e| e.get("data"))
        .flat_map(|data| match data {
            Yaml::Sequence(items) => items.iter().collect::<Vec<_>>(),
            one => vec![one],
        })
        .collect()
}

/// The node at a JSON pointer (`#/paths/~1beta~1agents/get/...`); map keys that YAML
/// reads as numbers (`200:`) match their decimal text.
fn at_pointer<'a>(root: &'a Yaml, pointer: &str) -> Option<&'a Yaml> {
    let rest = pointer.strip_prefix('#')?;
    let mut node = root;
    for raw in rest.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = match node {
            Yaml::Mapping(map) => map
                .iter()
                .find(|(k, _)| key_text(k).as_deref() == Some(segment.as_str()))
                .map(|(_, v)| v)?,
            Yaml::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json(value: &Yaml) -> Result<String, Error> {
    serde_json::to_string(value)
        .map_err(|e| Error::other(format!("an example does not convert to JSON: {e}")))
}

/// `{"data":[...]}` with varied copies of the pool's items, cycling through them, until
/// the text is at least `target_bytes` long. Returns the text and the number of items.
fn varied_list(pool: &[&Yaml], target_bytes: usize) -> Result<(String, usize), Error> {
    let mut out = String::with_capacity(target_bytes + 64 * 1024);
    out.push_str("{\"data\":[");
    let mut n = 0usize;
    while out.len() < target_bytes {
        let mut item = pool[n % pool.len()].clone();
        vary(&mut item, n as u64, None);
        if n > 0 {
            out.push(',');
        }
        out.push_str(&json(&item)?);
        n += 1;
    }
    out.push_str("]}");
    Ok((out, n))
}

/// Changes the values that make copies differ without changing the shape: ids, UUIDs,
/// timestamps (same form, `[zone]` kept), free text (length too), e-mail addresses and
/// URLs. Keys, key order, `_type` tags and enumeration-like words are kept.
fn vary(value: &mut Yaml, n: u64, key: Option<&str>) {
    match value {
        Yaml::Mapping(map) => {
            for (k, v) in map.iter_mut() {
                let k = key_text(k);
                if k.as_deref() != Some("_type") {
                    vary(v, n, k.as_deref());
                }
            }
        }
        Yaml::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                vary(item, n.wrapping_mul(31).wrapping_add(i as u64), key);
            }
        }
        Yaml::String(s) => {
            if let Some(new) = varied_text(s, n) {
                *s = new;
            }
        }
        Yaml::Number(number) => {
            let is_id = key.is_some_and(|k| k == "id" || k.ends_with("Id"));
            if let (true, Some(i)) = (is_id, number.as_i64()) {
                *number = (i.saturating_add(n as i64 * 7)).into();
            }
        }
        _ => {}
    }
}

fn varied_text(s: &str, n: u64) -> Option<String> {
    if is_uuid(s) {
        return Some(uuid_for(s, n));
    }
    if let Some(shifted) = shifted_date_time(s, n) {
        return Some(shifted);
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        let sep = if s.contains('?') { '&' } else { '?' };
        return Some(format!("{s}{sep}v={n}"));
    }
    if let Some((local, domain)) = s.split_once('@').filter(|_| !s.contains(' ')) {
        return Some(format!("{local}+{n}@{domain}"));
    }
    if s.contains(' ') {
        // One to three times the example's text: realistic spread of message lengths.
        let copies = 1 + (mix(n) % 3) as usize;
        let mut text = vec![s; copies].join(" ");
        let _ = write!(text, " #{n}");
        return Some(text);
    }
    None
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A version-4-shaped UUID that depends on `n` and the original.
fn uuid_for(original: &str, n: u64) -> String {
    let seed = original
        .bytes()
        .fold(n, |h, b| mix(h ^ u64::from(b)).wrapping_add(1));
    let (a, b) = (mix(seed), mix(seed ^ 0x9e37_79b9_7f4a_7c15));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

/// splitmix64's finaliser: a cheap, deterministic scramble.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `YYYY-MM-DDTHH:MM:SS...` moved forward by some minutes; the rest of the text
/// (fraction, `Z` or offset, `[zone]`) is kept as it was.
fn shifted_date_time(s: &str, n: u64) -> Option<String> {
    let b = s.as_bytes();
    let shape = b.len() >= 20
        && b.iter().take(19).enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let seconds = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    let shifted = seconds + (n % 500_000) as i64 * 61;
    let (y, m, d) = civil_from_days(shifted.div_euclid(86_400));
    let t = shifted.rem_euclid(86_400);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{}",
        t / 3600,
        t / 60 % 60,
        t % 60,
        &s[19..]
    ))
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_form() {
        let s = shifted_date_time("2021-12-01T12:46:36.581Z[GMT]", 3).unwrap();
        assert_eq!(s, "2021-12-01T12:49:39.581Z[GMT]");
        assert_eq!(
            shifted_date_time("2020-12-31T23:59:30Z", 1).unwrap(),
            "2021-01-01T00:00:31Z"
        );
        assert!(shifted_date_time("Open", 1).is_none());
    }

    #[test]
    fn uuids_stay_uuids_and_differ() {
        let a = uuid_for("93b885ad-fe0d-3089-8df6-34904fd59f71", 1);
        let b = uuid_for("93b885ad-fe0d-3089-8df6-34904fd59f71", 2);
        assert!(is_uuid(&a) && is_uuid(&b), "{a} {b}");
        assert_ne!(a, b);
    }

    #[test]
    fn tags_and_key_order_are_kept() {
        let mut v: Yaml = serde_yaml::from_str(
            "{id: 1, text: hello there, channel: WidgetChat, link: {parentId: 5, _type: SideConversation}, _type: ChatConversation}",
        )
        .unwrap();
        vary(&mut v, 2, None);
        let text = json(&v).unwrap();
        assert!(
            text.starts_with(r#"{"id":15,"text":"hello there"#),
            "{text}"
        );
        assert!(
            text.ends_with(
                r#""channel":"WidgetChat","link":{"parentId":19,"_type":"SideConversation"},"_type":"ChatConversation"}"#
            ),
            "{text}"
        );
    }

    #[test]
    fn pointers_find_numeric_keys() {
        let doc: Yaml = serde_yaml::from_str(
            "paths:\n  /a/b:\n    get:\n      responses:\n        200: {x: 1}\n",
        )
        .unwrap();
        let found = at_pointer(&doc, "#/paths/~1a~1b/get/responses/200/x").unwrap();
        assert_eq!(found, &Yaml::from(1));
    }
}
