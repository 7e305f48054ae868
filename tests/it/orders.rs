//! Elimination orders (`--elimination-order`): every order is an
//! elimination that gives reverse mode's Jacobian, the planned count is the
//! count the elimination makes, `search` is never worse than Markowitz,
//! `optimal` is the cheapest of all orders on graphs small enough to try
//! them all, and the AlphaGrad benchmarks get their published counts.

use dgraph::graph::{build, evaluate, Value};
use dgraph::modes::ordering::{self, Unplanned};
use dgraph::modes::{self, budget::MAX_FILLS, eliminate, Mode, PerNode, Request};
use proptest::prelude::*;
use serde_json::Value as Json;

use crate::support::{dgraph, dgraph_fed};

/// What dgraph says on stderr refusing `args`: exit 2, nothing on stdout.
fn refusal(args: &[&str]) -> String {
    let (code, stdout, stderr) = dgraph_fed(args, b"");
    assert_eq!((code, stdout.as_str()), (Some(2), ""), "{stderr}");
    stderr
}

/// An AlphaGrad benchmark: file, `--set`, `--of`, and its published
/// forward, reverse, Markowitz and learned counts.
struct Benchmark {
    file: &'static str,
    set: &'static str,
    of: &'static str,
    forward: u64,
    reverse: u64,
    learned: u64,
}

const BENCHMARKS: [Benchmark; 4] = [
    Benchmark {
        file: "HumanHeartDipole",
        set: "x1=0.15,x2=0.15,x3=0.15,x4=0.15,x5=0.15,x6=0.15,x7=0.15,x8=0.15",
        of: "f1,f2,f3,f4,f5,f6,f7,f8",
        forward: 240,
        reverse: 172,
        learned: 148,
    },
    Benchmark {
        file: "PropaneCombustion",
        set: "x1=0.15,x2=0.15,x3=0.15,x4=0.15,x5=0.15,x6=0.15,x7=0.15,x8=0.15,x9=0.15,\
              x10=0.15,x11=0.15",
        of: "f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11",
        forward: 151,
        reverse: 90,
        learned: 88,
    },
    Benchmark {
        file: "RobotArm_6DOF",
        set: "t1=0.02,t2=0.02,t3=0.02,t4=0.02,t5=0.02,t6=0.02",
        of: "px,py,pz,z,y_,z__",
        forward: 397,
        reverse: 301,
        learned: 231,
    },
    Benchmark {
        file: "RoeFlux_1d",
        set: "ul0=0.01,ul1=0.02,ul2=0.02,ur0=0.01,ur1=0.03,ur2=0.03",
        of: "phi0,phi1,phi2",
        forward: 620,
        reverse: 364,
        learned: 320,
    },
];

impl Benchmark {
    fn path(&self) -> String {
        format!(
            "{}/tests/data/alphagrad/{}.dg",
            env!("CARGO_MANIFEST_DIR"),
            self.file
        )
    }

    /// `--stats --format json`'s eliminate row with `order`.
    fn orders(&self, order: &str) -> Json {
        let path = self.path();
        let args = [
            "eval", "-f", &path, "--set", self.set, "--of", self.of, "--stats",
        ];
        let out = dgraph(
            &[
                &args[..],
                &["--elimination-order", order, "--format", "json"],
            ]
            .concat(),
        );
        let doc: Json = serde_json::from_str(&out).expect("JSON");
        let rows = doc["stats"].as_array().expect("stats").clone();
        let row = rows.into_iter().find(|row| row["mode"] == "eliminate");
        row.expect("an eliminate row")["orders"].clone()
    }
}

#[test]
fn search_beats_alphagrads_learned_orders_and_forward_and_reverse_are_as_published() {
    let markowitz = [148, 88, 221, 344];
    for (bench, markowitz) in BENCHMARKS.iter().zip(markowitz) {
        let orders = bench.orders("search");
        assert_eq!(orders["forward"], bench.forward, "{}", bench.file);
        assert_eq!(orders["reverse"], bench.reverse, "{}", bench.file);
        assert_eq!(orders["markowitz"], markowitz, "{}", bench.file);
        let search = orders["search"].as_u64().unwrap();
        assert!(
            search <= bench.learned.min(markowitz),
            "{}: {search}",
            bench.file
        );
        assert_eq!(orders["used"], "search");
    }
}

#[test]
fn optimal_proves_three_of_the_four() {
    for (bench, optimum) in BENCHMARKS.iter().zip([148, 88, 221]) {
        let orders = bench.orders("optimal");
        assert_eq!(orders["optimal"], optimum, "{}", bench.file);
        assert_eq!(orders["used"], "optimal");
    }
}

#[test]
fn optimal_refuses_past_its_state_budget_with_its_bounds() {
    let bench = &BENCHMARKS[3];
    let path = bench.path();
    let args = ["eval", "-f", &path, "--set", bench.set, "--of", bench.of];
    let args = [
        &args[..],
        &["--mode", "eliminate", "--elimination-order", "optimal"],
    ]
    .concat();
    let stderr = refusal(&args);
    assert!(stderr.contains("gave up at its budget"), "{stderr}");
    assert!(
        stderr.contains("use --elimination-order search"),
        "{stderr}"
    );
}

#[test]
fn the_lighthouse_and_a_shared_product_have_the_known_optima() {
    let run = |source: &str, set: &str, of: &str| {
        let args = [
            "eval",
            source,
            "--set",
            set,
            "--of",
            of,
            "--mode",
            "eliminate",
        ];
        let args = [
            &args[..],
            &["--elimination-order", "optimal", "--format", "json"],
        ]
        .concat();
        let doc: Json = serde_json::from_str(&dgraph(&args)).unwrap();
        doc["edges_touched"].as_u64().unwrap()
    };
    let lighthouse = "w = tan(omega*t); y1 = nu*w/(gamma - w); y2 = gamma*y1";
    assert_eq!(run(lighthouse, "omega=1,t=1,nu=1,gamma=3", "y1,y2"), 15);
    let shared = "t = x0*sin(x0*x1); y1 = cos(t); y2 = t/x1";
    assert_eq!(run(shared, "x0=1,x1=2", "y1,y2"), 7);
}

#[test]
fn optimal_refuses_a_graph_too_large_to_search() {
    let source: Vec<String> = (1..=600)
        .map(|i| format!("v{i} = sin(v{})", i - 1))
        .collect();
    let source = format!("v0 = x*2; {}", source.join("; "));
    let args = ["eval", &source, "--set", "x=1", "--mode", "eliminate"];
    let args = [&args[..], &["--elimination-order", "optimal"]].concat();
    let stderr = refusal(&args);
    assert!(stderr.contains("600 vertices to eliminate"), "{stderr}");
    assert!(stderr.contains("at most 512 (2048 in all)"), "{stderr}");
}

/// A random program of three inputs: each statement applies an operation
/// to one or two earlier values; the outputs are the last two statements
/// and one from the middle.
fn program() -> impl Strategy<Value = (String, Vec<String>)> {
    let statement = (
        0..6usize,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    );
    prop::collection::vec(statement, 3..11).prop_map(|statements| {
        let mut names: Vec<String> = vec!["x0".into(), "x1".into(), "x2".into()];
        let mut lines = Vec::new();
        for (k, (op, a, b)) in statements.iter().enumerate() {
            let (a, b) = (a.get(&names).clone(), b.get(&names).clone());
            let expr = match op {
                0 => format!("{a} + {b}"),
                1 => format!("{a} * {b}"),
                2 => format!("sin({a})"),
                3 => format!("{a} - {b} * {a}"),
                4 => format!("exp({a}) * {b}"),
                _ => format!("cos({a} * {b})"),
            };
            lines.push(format!("v{k} = {expr}"));
            names.push(format!("v{k}"));
        }
        let n = statements.len();
        let of = vec![
            format!("v{}", n - 1),
            format!("v{}", n - 2),
            format!("v{}", n / 2),
        ];
        (lines.join("; "), of)
    })
}

/// Every strategy's order on `source`: (its count, the count of every
/// permutation's cheapest, Markowitz's count), after checking the order
/// against reverse mode.
fn check_orders(source: &str, of: &[String]) -> Result<(), TestCaseError> {
    let program = build(source).unwrap();
    let graph = &program.graph;
    let mut outputs: Vec<Value> = of
        .iter()
        .map(|name| program.output(name).unwrap().value)
        .collect();
    outputs.dedup();
    let values = evaluate(graph, &[0.3, -0.7, 1.1]);
    let request = |order| Request {
        graph,
        values: &values,
        outputs: &outputs,
        wrt: graph.inputs(),
        max_paths: 0,
        order,
    };
    let reverse = modes::run(Mode::Reverse, &request(ordering::Strategy::Markowitz)).unwrap();
    let shape = eliminate::shape(&request(ordering::Strategy::Markowitz));
    let pending = shape.left();
    let mut counts = Vec::new();
    for strategy in [
        ordering::Strategy::Markowitz,
        ordering::Strategy::Search,
        ordering::Strategy::Optimal,
    ] {
        let result = modes::run(Mode::Eliminate, &request(strategy)).unwrap();
        let plan = ordering::plan(&shape, strategy, MAX_FILLS).unwrap();
        // Counted as the elimination multiplies: the plan's count.
        prop_assert_eq!(result.edges_touched, plan.cost, "{} {:?}", source, strategy);
        // Each intermediate vertex exactly once.
        prop_assert_eq!(plan.order.len(), pending);
        prop_assert_eq!(shape.cost_of(&plan.order), Some(plan.cost));
        let PerNode::Eliminated(steps, _) = &result.per_node else {
            panic!("steps")
        };
        let mut seen: Vec<u32> = steps.iter().copied().filter(|&s| s > 0).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (1..=pending as u32).collect::<Vec<_>>());
        for (row, expected) in result.jacobian.iter().zip(&reverse.jacobian) {
            for (d, e) in row.iter().zip(expected) {
                let close = (d - e).abs() <= 1e-9 * e.abs().max(1.0) || (d.is_nan() && e.is_nan());
                prop_assert!(close, "{} {:?}: {} vs {}", source, strategy, d, e);
            }
        }
        counts.push(plan.cost);
    }
    let cheapest = cheapest_by_trying_all(&shape);
    prop_assert!(
        counts[1] <= counts[0],
        "{}: search {} > markowitz {}",
        source,
        counts[1],
        counts[0]
    );
    prop_assert_eq!(counts[2], cheapest, "{}", source);
    prop_assert!(counts[1] >= cheapest);
    Ok(())
}

/// The cheapest elimination order of `shape`, trying every permutation (up
/// to 8 vertices; past that, the optimum as planned).
fn cheapest_by_trying_all(shape: &ordering::Structure) -> u64 {
    let mut order: Vec<u32> = shape.pending_vertices().map(|v| shape.id(v)).collect();
    if order.len() > 8 {
        return ordering::plan(shape, ordering::Strategy::Optimal, MAX_FILLS)
            .unwrap()
            .cost;
    }
    let mut best = u64::MAX;
    permute(&mut order, 0, &mut |order| {
        best = best.min(shape.cost_of(order).unwrap());
    });
    best
}

/// Calls `visit` with every permutation of `items[from..]` (Heap-free:
/// swap each into place in turn).
fn permute(items: &mut [u32], from: usize, visit: &mut impl FnMut(&[u32])) {
    if from == items.len() {
        visit(items);
        return;
    }
    for k in from..items.len() {
        items.swap(from, k);
        permute(items, from + 1, visit);
        items.swap(from, k);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every order eliminates each intermediate vertex once, gives reverse
    /// mode's Jacobian and counts what its plan predicted; search is never
    /// worse than Markowitz and optimal is the cheapest of all orders.
    #[test]
    fn every_order_is_an_elimination_with_reverse_modes_jacobian((source, of) in program()) {
        check_orders(&source, &of)?;
    }
}

#[test]
fn a_hand_checked_graph_has_its_optimum() {
    // a b → c = a+b → d = c*c... as the post's example: eliminating d then
    // c takes 1 + 2 = 3, c then d takes 2 + 1 = 3; nothing takes less.
    let program = build("c = a + b; d = b + 1; e = c * d").unwrap();
    let values = evaluate(&program.graph, &[2.0, 1.0]);
    let outputs = [program.last.value];
    let request = Request {
        graph: &program.graph,
        values: &values,
        outputs: &outputs,
        wrt: program.graph.inputs(),
        max_paths: 0,
        order: ordering::Strategy::Optimal,
    };
    let shape = eliminate::shape(&request);
    assert_eq!(cheapest_by_trying_all(&shape), 3);
    assert_eq!(
        ordering::plan(&shape, ordering::Strategy::Optimal, MAX_FILLS)
            .unwrap()
            .cost,
        3
    );
    assert!(matches!(
        ordering::plan(&shape, ordering::Strategy::Search, 2),
        Err(Unplanned::Fills)
    ));
}
