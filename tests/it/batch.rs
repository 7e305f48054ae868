//! `--points`: every row equals a single evaluation at that point, bit for
//! bit; numbers survive a round trip through CSV and JSON; rows stream.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::support::dgraph;

/// A small deterministic generator of doubles (no dependency on a RNG).
struct Numbers(u64);

impl Numbers {
    fn next_bits(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    /// A value in [-3, 3).
    fn small(&mut self) -> f64 {
        (self.next_bits() >> 11) as f64 / (1u64 << 53) as f64 * 6.0 - 3.0
    }

    /// Any finite double, from its bits.
    fn any_finite(&mut self) -> f64 {
        loop {
            let x = f64::from_bits(self.next_bits());
            if x.is_finite() {
                return x;
            }
        }
    }
}

/// A program whose operand slots meet several constants in turn (`^2`,
/// `^3`; `1 +`, `0.5 -`, `3 *`): a batch keeps a constant's row only while
/// the constant stays the same.
const PROGRAM: &str = "h = tanh(w1*x + w2*y); g = sigmoid(h*x - y^2); \
     loss = (g - h)^2 / (1 + x*x) + min(x, y) + 3*w1 - (0.5 - w2)^3";

fn points_file(rows: &[[f64; 4]]) -> tempfile_path::TempPath {
    let mut text = String::from("x,y,w1,w2\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|v| format!("{v:e}")).collect();
        text.push_str(&fields.join(","));
        text.push('\n');
    }
    tempfile_path::write(&text)
}

#[test]
fn every_row_equals_a_single_evaluation_bit_for_bit() {
    let mut numbers = Numbers(7);
    let rows: Vec<[f64; 4]> = (0..64).map(|_| [0; 4].map(|_| numbers.small())).collect();
    let file = points_file(&rows);
    for mode in ["reverse", "forward"] {
        let batch = dgraph(&[
            "eval",
            PROGRAM,
            "--points",
            file.as_str(),
            "--format",
            "json",
            "--mode",
            mode,
        ]);
        for (row, line) in rows.iter().zip(batch.lines()) {
            let set = format!(
                "x={:e},y={:e},w1={:e},w2={:e}",
                row[0], row[1], row[2], row[3]
            );
            let single = dgraph(&[
                "eval", PROGRAM, "--set", &set, "--format", "json", "--mode", mode,
            ]);
            let (batch, single): (serde_json::Value, serde_json::Value) = (
                serde_json::from_str(line).unwrap(),
                serde_json::from_str(&single).unwrap(),
            );
            assert_eq!(batch["value"], single["value"], "{set}");
            assert_eq!(batch["gradient"], single["gradient"], "{set}");
        }
    }
}

#[test]
fn numbers_read_back_bit_for_bit_from_csv_and_json() {
    let mut numbers = Numbers(11);
    let rows: Vec<[f64; 4]> = (0..200)
        .map(|_| [0; 4].map(|_| numbers.any_finite()))
        .collect();
    let file = points_file(&rows);
    let identity = "x + 0*y*w1*w2";
    let csv = dgraph(&[
        "eval",
        identity,
        "--points",
        file.as_str(),
        "--format",
        "csv",
    ]);
    for (row, line) in rows.iter().zip(csv.lines().skip(1)) {
        let fields: Vec<f64> = line
            .split(',')
            .take(4)
            .map(|f| f.parse().unwrap())
            .collect();
        let bits: Vec<u64> = fields.iter().map(|f| f.to_bits()).collect();
        assert_eq!(bits, row.map(f64::to_bits), "{line}");
    }
    let json = dgraph(&[
        "eval",
        identity,
        "--points",
        file.as_str(),
        "--format",
        "json",
    ]);
    for (row, line) in rows.iter().zip(json.lines()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let x = doc["inputs"]["x"].as_f64().unwrap();
        assert_eq!(x.to_bits(), row[0].to_bits(), "{line}");
    }
}

/// Rows come out while the input is still arriving: nothing waits for the
/// end of the file.
#[test]
fn rows_stream_before_the_input_ends() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("dgraph"))
        .args(["eval", "a*b", "--points", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("dgraph starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    stdin.write_all(b"a,b\n").unwrap();
    for i in 0..10_000 {
        writeln!(stdin, "{i},2").unwrap();
    }
    stdin.flush().unwrap();
    let mut header = String::new();
    out.read_line(&mut header).unwrap();
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(
        (header.as_str(), first.as_str()),
        ("a,b,output,d_output/d_a,d_output/d_b\n", "0,2,0,2,0\n")
    );
    drop(stdin);
    assert_eq!(out.lines().count(), 9_999);
    assert!(child.wait().unwrap().success());
}

/// A file under the system's temporary folder, removed when dropped.
mod tempfile_path {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct TempPath(PathBuf);

    impl TempPath {
        pub fn as_str(&self) -> &str {
            self.0.to_str().expect("a UTF-8 path")
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    pub fn write(text: &str) -> TempPath {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "dgraph-test-{}-{}.csv",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, text).expect("the temporary folder is writable");
        TempPath(path)
    }
}
