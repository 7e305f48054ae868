//! `--set` strings and `--points` files for the fuzzer: the inputs a
//! program uses, given values that are ordinary, extreme (NaN and infinity
//! producing: 710 for `exp`, 1e308, subnormals, -1 for `log`) or bad, in
//! every form `--set` takes, then mangled.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::program::Rendered;

const SPECIAL: [&str; 20] = [
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1e308",
    "-1e308",
    "1e-320",
    "5e-324",
    "710",
    "-710",
    "1e-25",
    "1000",
    "2.",
    "-.5",
    "1e+3",
    "6.02E23",
    "3.141592653589793",
    "1e-300",
    "1e300",
];
/// Values `--set` must refuse.
pub const BAD: [&str; 15] = [
    "nan",
    "inf",
    "-inf",
    "0x10",
    "",
    "1e999",
    "--1",
    "abc",
    "1e",
    "\u{1b}]0;PWNED\u{7}\u{1b}[2J",
    "\u{ff11}",
    "1_000",
    "[1, 2",
    "[[1], 2]",
    "\u{0}",
];

/// A value: ordinary, or from [`SPECIAL`].
pub fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (-3.0..3.0f64).prop_map(|v| format!("{}", (v * 8.0).round() / 8.0)),
        2 => select(SPECIAL.to_vec()).prop_map(String::from),
    ]
}

/// How the point is given, and how it is spoiled.
#[derive(Debug, Clone)]
pub struct SetSpec {
    pub values: Vec<String>,
    pub style: u8,
    pub mangles: Vec<(u8, u8)>,
}

pub fn set_spec() -> impl Strategy<Value = SetSpec> {
    let mangles = prop_oneof![6 => Just(vec![]), 1 => vec((0u8..11, any::<u8>()), 1..3)];
    (vec(value(), 1..8), 0u8..9, mangles).prop_map(|(values, style, mangles)| SetSpec {
        values,
        style,
        mangles,
    })
}

/// What a set spec becomes: `--set` arguments and files to write.
pub struct SetArgs {
    pub args: Vec<String>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl SetSpec {
    fn value(&self, k: usize) -> &str {
        &self.values[k % self.values.len()]
    }

    /// `name=value` pairs for every input of `program`.
    fn pairs(&self, program: &Rendered, lists: bool) -> Vec<String> {
        let mut pairs: Vec<String> = program
            .scalars
            .iter()
            .enumerate()
            .map(|(k, name)| format!("{name}={}", self.value(k)))
            .collect();
        let len = program.family_len;
        for &(family, dims) in &program.families {
            let at = |i: usize| self.value(i * 7 + family.len()).to_string();
            if lists && dims == 1 {
                let items: Vec<String> = (0..len).map(at).collect();
                pairs.push(format!("{family}=[{}]", items.join(", ")));
            } else if lists {
                let rows: Vec<String> = (0..len)
                    .map(|r| {
                        format!(
                            "[{}]",
                            (0..len)
                                .map(|c| at(r * len + c))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                    .collect();
                pairs.push(format!("{family}=[{}]", rows.join(", ")));
            } else if dims == 1 {
                pairs.extend((1..=len).map(|i| format!("{family}[{i}]={}", at(i))));
            } else {
                for r in 1..=len {
                    pairs.extend(
                        (1..=len).map(|c| format!("{family}[{r},{c}]={}", at(r * len + c))),
                    );
                }
            }
        }
        pairs
    }

    fn mangle(&self, pairs: &mut Vec<String>, program: &Rendered) {
        for &(kind, k) in &self.mangles {
            let k = usize::from(k);
            let n = pairs.len().max(1);
            match kind {
                0 => pairs.insert(k % (n + 1).min(pairs.len() + 1), String::new()),
                1 if !pairs.is_empty() => drop(pairs.remove(k % n)),
                2 if !pairs.is_empty() => pairs.push(pairs[k % n].clone()),
                3 => pairs.push(format!("q{}=1", k % 3)),
                4 if !pairs.is_empty() => {
                    let name = pairs[k % n].split('=').next().unwrap_or("").to_string();
                    pairs[k % n] = format!("{name}={}", BAD[k % BAD.len()]);
                }
                5 if !pairs.is_empty() => pairs[k % n] = pairs[k % n].replacen('=', "", 1),
                6 => pairs.push(String::new()),
                7 => pairs.push(format!("x=[{}", self.value(k))),
                8 => pairs.push("pi=3".into()),
                9 => match program.assigned.first() {
                    Some(name) => pairs.push(format!("{name}=1")),
                    None => pairs.push("sin=1".into()),
                },
                _ => pairs.push(format!("{}=1", BAD[k % BAD.len()])),
            }
        }
    }

    /// The `--set` arguments (and any files) for `program`.
    pub fn args(&self, program: &Rendered) -> SetArgs {
        let mut pairs = self.pairs(program, self.style != 6);
        self.mangle(&mut pairs, program);
        let mut files = Vec::new();
        let joined = pairs.join(",");
        let args = match self.style {
            _ if joined.len() > 100_000 => {
                files.push(("point.txt".into(), pairs.join("\n").into_bytes()));
                vec!["--set".into(), "@$DIR/point.txt".into()]
            }
            1 => pairs
                .iter()
                .flat_map(|p| ["--set".to_string(), p.clone()])
                .collect(),
            2 => vec!["--set".into(), pairs.join(" , ")],
            3 => {
                files.push(("point.txt".into(), pairs.join("\n").into_bytes()));
                vec!["--set".into(), "@$DIR/point.txt".into()]
            }
            4 => {
                files.push(("point.json".into(), json_point(&pairs).into_bytes()));
                vec!["--set".into(), "@$DIR/point.json".into()]
            }
            5 => vec![format!("--set={joined}")],
            7 => vec![],
            8 if pairs.len() > 1 => {
                let (a, b) = pairs.split_at(pairs.len() / 2);
                vec!["--set".into(), a.join(","), "--set".into(), b.join(",")]
            }
            _ => vec!["--set".into(), joined],
        };
        SetArgs { args, files }
    }
}

/// The pairs as a JSON object (values that are not JSON numbers become
/// strings, which dgraph must refuse).
fn json_point(pairs: &[String]) -> String {
    let fields: Vec<String> = pairs
        .iter()
        .filter_map(|p| p.split_once('='))
        .map(|(name, value)| {
            let value = if serde_json::from_str::<serde_json::Value>(value).is_ok() {
                value.to_string()
            } else {
                serde_json::Value::String(value.to_string()).to_string()
            };
            format!("{}: {value}", serde_json::Value::String(name.to_string()))
        })
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// A `--points` file: header, rows, and what spoils it.
#[derive(Debug, Clone)]
pub struct PointsSpec {
    pub rows: usize,
    pub tsv: bool,
    pub values: Vec<String>,
    pub spoil: Option<(u8, u16)>,
}

pub fn points_spec() -> impl Strategy<Value = PointsSpec> {
    let rows = prop_oneof![6 => 0usize..6, 1 => Just(5_000usize)];
    let spoil = proptest::option::weighted(0.4, (0u8..6, any::<u16>()));
    (rows, any::<bool>(), vec(value(), 1..6), spoil).prop_map(|(rows, tsv, values, spoil)| {
        PointsSpec {
            rows,
            tsv,
            values,
            spoil,
        }
    })
}

impl PointsSpec {
    /// The file's contents for `program`'s inputs.
    pub fn contents(&self, program: &Rendered) -> Vec<u8> {
        let sep = if self.tsv { "\t" } else { "," };
        let mut columns: Vec<String> = program.scalars.clone();
        for &(family, dims) in &program.families {
            let len = program.family_len.min(6);
            match dims {
                1 => columns.extend((1..=len).map(|i| format!("{family}[{i}]"))),
                _ => columns.extend(
                    (1..=len)
                        .flat_map(|r| (1..=len).map(move |c| format!("\"{family}[{r}, {c}]\""))),
                ),
            }
        }
        let mut lines = vec![columns.join(sep)];
        for r in 0..self.rows {
            let row: Vec<&str> = (0..columns.len())
                .map(|c| self.values[(r + c) % self.values.len()].as_str())
                .collect();
            lines.push(row.join(sep));
        }
        let mut text = lines.join("\n").into_bytes();
        if let Some((kind, at)) = self.spoil {
            let i = (usize::from(at) * (text.len() + 1)) >> 16;
            let piece: &[u8] = match kind {
                0 => b"\xff\xfe",
                1 => b"\n1,2,3,4,5,6,7",
                2 => b"\r\n",
                3 => b"\n\n",
                4 => BAD[usize::from(at) % BAD.len()].as_bytes(),
                _ => b"\"",
            };
            text.splice(i..i, piece.iter().copied());
        }
        text
    }
}
