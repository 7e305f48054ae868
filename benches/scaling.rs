//! Does the cost grow linearly with the graph? The random DAG at 1e3 to
//! 1e6 statements: time and peak heap of each stage, per node.
//!
//! `cargo bench --bench scaling` prints one row per size. Times are the
//! median of several runs (fewer at the largest size); the heap is counted
//! by this binary's allocator (bytes live at the peak of the stage, above
//! what was live when it started), so the numbers are exact, not sampled.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dgraph::graph;
use dgraph::modes::{self, Mode};

mod common;
use common::{prepare, random_dag};

/// The system allocator, keeping count of live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The median time of `runs` runs of `work`, and the most heap any run
/// held above what was live before it.
fn measure<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut heap = 0;
    for _ in 0..runs {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        black_box(work());
        times.push(start.elapsed());
        heap = heap.max(PEAK.load(Ordering::Relaxed) - before);
    }
    times.sort();
    (times[runs / 2], heap)
}

fn main() {
    println!("random DAG (inputs = statements / 100): median time and peak heap per stage");
    println!(
        "{:>9} {:>9} | {:>22} | {:>22} | {:>22}",
        "stmts", "nodes", "parse + build", "evaluate", "reverse (full gradient)"
    );
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        let runs = if n >= 1_000_000 { 3 } else { 7 };
        let source = random_dag(n, (n / 100).max(10));
        let build = measure(runs, || graph::build(&source).expect("parses").graph.len());
        let prepared = prepare(&source);
        let inputs = prepared.input_values();
        let evaluate = measure(runs, || graph::evaluate(&prepared.graph, &inputs));
        let request = prepared.request(prepared.graph.inputs(), 0);
        let reverse = measure(runs, || modes::run(Mode::Reverse, &request));
        let nodes = prepared.graph.len();
        println!(
            "{n:>9} {nodes:>9} | {} | {} | {}",
            cell(build, nodes),
            cell(evaluate, nodes),
            cell(reverse, nodes)
        );
    }
}

/// `time  heap  (ns/node, bytes/node)`.
fn cell((time, heap): (Duration, usize), nodes: usize) -> String {
    let per_node = time.as_nanos() as f64 / nodes as f64;
    format!(
        "{:>7.1} ms {:>5} MB {:>4.0} ns {:>3} B",
        time.as_secs_f64() * 1e3,
        heap / 1_000_000,
        per_node,
        heap / nodes
    )
}
