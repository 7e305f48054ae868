//! Functions of one's own: expanded where they are called, shared like any
//! identical subexpression, and every misuse refused with a caret. (That a
//! program with definitions equals the program written out by hand, on
//! random programs, is a property in `properties.rs`.)

use std::time::{Duration, Instant};

use dgraph::graph::build;
use dgraph::modes::Mode;

use crate::support::{assert_refused, evaluate};

#[test]
fn identical_calls_are_one_node() {
    let program = build("sq(u) = u^2\nsq(a) + sq(a)").expect("builds");
    assert_eq!(program.graph.len(), 3, "a, a^2 and the sum");
    assert_eq!(program.graph.edge_count(), 3);
    let evaluated = evaluate("sq(u) = u^2\nsq(a) + sq(a)", &[("a", 3.0)]);
    assert_eq!(evaluated.value, 18.0);
    for mode in Mode::ALL {
        assert_eq!(evaluated.gradient(mode), [12.0], "{}", mode.name());
    }
}

#[test]
fn definitions_may_call_earlier_definitions_and_built_in_functions() {
    let source = "g(p, q, r) = p*q + sin(r)\nh(u) = g(u, u, u) + g(1, u, 2)\nh(t)";
    let t: f64 = 0.7;
    let evaluated = evaluate(source, &[("t", t)]);
    let expected = t * t + t.sin() + (t + 2f64.sin());
    assert_eq!(evaluated.value, expected);
    let derivative = 2.0 * t + t.cos() + 1.0;
    assert!((evaluated.gradient(Mode::Reverse)[0] - derivative).abs() < 1e-15);
    // A definition is not a statement: the output stays the last one.
    let program = build("y = 2*x\nf(u) = u + 1").expect("builds");
    assert_eq!(program.last.name.as_deref(), Some("y"));
}

/// Every misuse names what is wrong and points at it.
#[test]
fn misuses_are_refused_with_a_caret() {
    for (source, message, column) in [
        ("f(u) = f(u) + 1\nf(x)", "`f` calls itself", 8),
        (
            "sin(u) = u\nsin(x)",
            "`sin` is built in and cannot be defined",
            1,
        ),
        (
            "f(u, v) = u*v\nf(x)",
            "`f` takes 2 arguments, but 1 was given",
            1,
        ),
        ("f(u) = u*z\nf(x)", "`z` is not a parameter of `f`", 10),
        (
            "f(u) = u\nf = 2",
            "`f` is a function (defined at 1:1) and cannot be assigned",
            1,
        ),
        (
            "x = 1\nx(u) = u\nx(2)",
            "`x` is a variable, assigned at 1:1",
            1,
        ),
        ("f(u) = u\nf(u) = u + 1\nf(x)", "`f` is defined at 1:1", 1),
        (
            "f(u) = u\nf + 1",
            "`f` is a function: call it as `f(...)`",
            1,
        ),
        ("f(u, u) = u\nf(1, 2)", "`u` is a parameter of `f` twice", 6),
        ("x + g(x)", "unknown function `g`", 5),
        ("f(u) = g(u)\ng(u) = u\nf(x)", "unknown function `g`", 8),
        (
            "f(u) = u\ny = f(x, x)",
            "`f` takes 1 argument, but 2 were given",
            5,
        ),
        ("f(u) = u\nf(x) + f", "`f` is a function", 8),
        ("f(u) = u", "no statement", 1),
    ] {
        assert_refused(source, message, column);
    }
}

#[test]
fn a_function_is_neither_set_nor_an_output() {
    let program = build("f(u) = u^2\ny = f(x)").expect("builds");
    let settings = [dgraph::graph::Setting {
        name: "f".into(),
        value: 1.0,
    }];
    let err = dgraph::graph::bind(&program, &settings).expect_err("f is not an input");
    assert!(
        err.to_string().contains("defines it as a function"),
        "{err}"
    );
    assert!(program.output("f").is_none());
    assert!(program.is_function("f") && !program.is_function("y"));
}

/// Each definition doubles the one before: 2^40 operations written out,
/// refused at once with the count and the limit, before memory is taken.
#[test]
fn a_runaway_expansion_is_refused_at_once() {
    let mut source = String::from("f0(u) = u + 1\n");
    for k in 1..=40 {
        source.push_str(&format!("f{k}(u) = f{}(u) * f{}(u + 1)\n", k - 1, k - 1));
    }
    source.push_str("f40(x)\n");
    let started = Instant::now();
    let err = build(&source).expect_err("runaway");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        err.message().contains("past the limit of 30000000"),
        "{}",
        err.message()
    );
    assert!(err.message().contains("operations"), "{}", err.message());
    assert_eq!(err.line(), 42, "refused at the call, not at a definition");
    source.truncate(source.len() - "f40(x)\n".len());
    source.push_str("f10(x)\n");
    assert!(
        build(&source).is_ok(),
        "a huge definition never called costs nothing"
    );
}

#[test]
fn calls_nest_at_most_256_deep() {
    let chain = |depth: usize| {
        let mut source = String::from("f1(u) = u + 1\n");
        for k in 2..=depth {
            source.push_str(&format!("f{k}(u) = f{}(u) * 2\n", k - 1));
        }
        source.push_str(&format!("f{depth}(x)\n"));
        source
    };
    let evaluated = evaluate(&chain(256), &[("x", 1.0)]);
    assert!(evaluated.value.is_finite());
    let err = build(&chain(257)).expect_err("too deep");
    assert!(err.message().contains("nest 257 deep"), "{}", err.message());
}
