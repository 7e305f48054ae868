//! One fuzz case: a command line, what it reads on standard input, and the
//! files it names — and its one-line JSON form, the corpus's format.
//!
//! A line of `tests/fuzz/corpus.jsonl` is either a JSON array of the
//! arguments after `dgraph`, or an object
//! `{"argv": [...], "stdin": "...", "files": {"p.csv": "..."}, "allow": ["control"], "note": "..."}`.
//! `$DIR` in an argument is the directory the case's files are written to.
//! A byte string that is not UTF-8 is written as an array of byte values.
//! Lines starting with `#` and blank lines are comments.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use serde_json::{json, Value};

/// What the case's arguments call the directory of its files.
pub const DIR: &str = "$DIR";

/// A command line to run, with its inputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    /// The arguments after `dgraph`.
    pub argv: Vec<Vec<u8>>,
    /// Standard input; a case with one runs the binary, not in-process.
    pub stdin: Option<Vec<u8>>,
    /// Files written to `$DIR` before the run: (name, contents).
    pub files: Vec<(String, Vec<u8>)>,
    /// Finding kinds tolerated for this case (known gaps, see the report).
    pub allow: Vec<String>,
}

impl Case {
    /// A case of plain text arguments.
    pub fn of(argv: &[&str]) -> Case {
        Case {
            argv: argv.iter().map(|a| a.as_bytes().to_vec()).collect(),
            ..Case::default()
        }
    }

    /// The arguments as the process would get them, `$DIR` replaced by `dir`.
    pub fn os_argv(&self, dir: &Path) -> Vec<OsString> {
        let dir = dir.as_os_str().as_encoded_bytes();
        let args = self.argv.iter().map(|arg| {
            let mut out = Vec::with_capacity(arg.len());
            let mut rest = &arg[..];
            while let Some(at) = find(rest, DIR.as_bytes()) {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(dir);
                rest = &rest[at + DIR.len()..];
            }
            out.extend_from_slice(rest);
            OsString::from_vec(out)
        });
        std::iter::once(OsString::from("dgraph"))
            .chain(args)
            .collect()
    }

    /// Whether the command line names `name` (to pick out a subcommand).
    pub fn has(&self, name: &str) -> bool {
        self.argv.iter().any(|a| a == name.as_bytes())
    }

    /// The case as one line of JSON: an array when it is only arguments.
    pub fn to_json_line(&self) -> String {
        let argv: Vec<Value> = self.argv.iter().map(|a| bytes_json(a)).collect();
        if self.stdin.is_none() && self.files.is_empty() && self.allow.is_empty() {
            return Value::Array(argv).to_string();
        }
        let mut object = json!({ "argv": argv });
        if let Some(stdin) = &self.stdin {
            object["stdin"] = bytes_json(stdin);
        }
        if !self.files.is_empty() {
            let files = self.files.iter().map(|(n, c)| (n.clone(), bytes_json(c)));
            object["files"] = Value::Object(files.collect());
        }
        if !self.allow.is_empty() {
            object["allow"] = json!(self.allow);
        }
        object.to_string()
    }

    /// Reads one corpus line (`None` for a comment or a blank line).
    pub fn from_json_line(line: &str) -> Option<Result<Case, String>> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        Some(parse(line))
    }
}

fn parse(line: &str) -> Result<Case, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?;
    let argv_of = |v: &Value| -> Result<Vec<Vec<u8>>, String> {
        let list = v.as_array().ok_or("argv is not a list")?;
        list.iter().map(json_bytes).collect()
    };
    match &value {
        Value::Array(_) => Ok(Case {
            argv: argv_of(&value)?,
            ..Case::default()
        }),
        Value::Object(map) => {
            let mut case = Case {
                argv: argv_of(map.get("argv").ok_or("no argv")?)?,
                ..Case::default()
            };
            if let Some(stdin) = map.get("stdin") {
                case.stdin = Some(json_bytes(stdin)?);
            }
            for (name, contents) in map
                .get("files")
                .and_then(Value::as_object)
                .iter()
                .copied()
                .flatten()
            {
                case.files.push((name.clone(), json_bytes(contents)?));
            }
            for kind in map
                .get("allow")
                .and_then(Value::as_array)
                .iter()
                .copied()
                .flatten()
            {
                case.allow
                    .push(kind.as_str().ok_or("allow holds strings")?.to_string());
            }
            Ok(case)
        }
        _ => Err(format!("not a list or an object: {line}")),
    }
}

/// Bytes as a JSON string when they are UTF-8, else as a list of numbers.
pub fn bytes_json(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) => Value::String(text.to_string()),
        Err(_) => Value::Array(bytes.iter().map(|&b| json!(b)).collect()),
    }
}

fn json_bytes(value: &Value) -> Result<Vec<u8>, String> {
    match value {
        Value::String(text) => Ok(text.as_bytes().to_vec()),
        Value::Array(items) => items
            .iter()
            .map(|b| {
                b.as_u64()
                    .and_then(|b| u8::try_from(b).ok())
                    .ok_or("not a byte".to_string())
            })
            .collect(),
        _ => Err(format!("not a string or a list of bytes: {value}")),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_case_reads_back_from_its_json_line() {
    let case = Case {
        argv: vec![
            b"eval".to_vec(),
            vec![0xff, b'x'],
            b"-f".to_vec(),
            b"$DIR/p".to_vec(),
        ],
        stdin: Some(b"x\n".to_vec()),
        files: vec![("p".to_string(), b"x+1".to_vec())],
        allow: vec!["control".to_string()],
    };
    let line = case.to_json_line();
    assert_eq!(Case::from_json_line(&line), Some(Ok(case)));
    let plain = Case::of(&["eval", "x"]);
    assert_eq!(plain.to_json_line(), r#"["eval","x"]"#);
    assert_eq!(Case::from_json_line(&plain.to_json_line()), Some(Ok(plain)));
}
