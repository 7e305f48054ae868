//! Parser tests: precedence, the statement forms, and every kind of error.

use super::*;

/// The statement's expression, fully parenthesized.
fn show(source: &str) -> String {
    let statements: Vec<Statement> = parse(source).collect::<Result<_, _>>().unwrap();
    let statement = statements.last().unwrap();
    let nodes = &statement.expr.nodes;
    let mut shown: Vec<String> = Vec::new();
    for node in nodes {
        let text = match node.kind {
            ExprKind::Literal(v) => format!("{v}"),
            ExprKind::Name(n) => n.to_string(),
            ExprKind::Neg(x) => format!("(-{})", shown[x as usize]),
            ExprKind::Binary(op, x, y) => {
                format!(
                    "({} {} {})",
                    shown[x as usize],
                    op.symbol(),
                    shown[y as usize]
                )
            }
            ExprKind::Call(f, args) => {
                let args: Vec<&str> = args[..f.arity()]
                    .iter()
                    .map(|&arg| shown[arg as usize].as_str())
                    .collect();
                format!("{}({})", f.name(), args.join(", "))
            }
            ExprKind::Apply(name, at) => {
                let ids = statement.expr.list(at);
                let args: Vec<&str> = ids.iter().map(|&id| shown[id as usize].as_str()).collect();
                format!("{name}({})", args.join(", "))
            }
            ExprKind::Param(k) => format!("#{k}"),
            ExprKind::Indexed(name, at) => {
                let ids = statement.expr.list(at);
                let indices: Vec<&str> =
                    ids.iter().map(|&id| shown[id as usize].as_str()).collect();
                format!("{name}[{}]", indices.join(", "))
            }
            ExprKind::Index(level) => format!("i{level}"),
            ExprKind::Reduce(reducer, from, to, _) => {
                let body = &shown[shown.len() - 1];
                format!(
                    "{reducer:?}(i = {}..{}, {body})",
                    shown[from as usize], shown[to as usize]
                )
            }
        };
        shown.push(text);
    }
    shown.pop().unwrap()
}

fn error(source: &str) -> SourceError {
    parse(source).find_map(Result::err).expect("an error")
}

#[test]
fn precedence_follows_the_spec() {
    assert_eq!(show("a + b * c"), "(a + (b * c))");
    assert_eq!(show("a - b - c"), "((a - b) - c)");
    assert_eq!(show("a / b / c"), "((a / b) / c)");
    assert_eq!(show("2^3^2"), "(2 ^ (3 ^ 2))");
    assert_eq!(show("-x^2"), "(-(x ^ 2))");
    assert_eq!(show("x^-2"), "(x ^ (-2))");
    assert_eq!(show("a*-b"), "(a * (-b))");
    assert_eq!(show("--x"), "(-(-x))");
    assert_eq!(show("+x"), "x");
    assert_eq!(show("-a*b"), "((-a) * b)");
    assert_eq!(show("(-x)^2"), "((-x) ^ 2)");
    assert_eq!(show("-2^2"), "(-(2 ^ 2))");
    assert_eq!(show("a + 1 < b * 2"), "((a + 1) < (b * 2))");
    assert_eq!(show("-a <= b^2"), "((-a) <= (b ^ 2))");
    assert_eq!(show("(a < b) != (c >= d)"), "((a < b) != (c >= d))");
    assert_eq!(show("(a < b) < c"), "((a < b) < c)");
    assert_eq!(show("a == -b"), "(a == (-b))");
}

#[test]
fn every_operator_of_the_table_parses_with_its_precedence() {
    for op in BinaryOp::ALL {
        let symbol = op.symbol();
        let expected = if op.precedence() > ast::SUM {
            format!("(a + (b {symbol} c))")
        } else {
            format!("((a + b) {symbol} c)")
        };
        assert_eq!(show(&format!("a + b {symbol} c")), expected);
        let chained = format!("x {symbol} y {symbol} z");
        let expected = match op.grouping() {
            ast::Grouping::Left => format!("((x {symbol} y) {symbol} z)"),
            ast::Grouping::Right => format!("(x {symbol} (y {symbol} z))"),
            ast::Grouping::Never => {
                assert!(error(&chained)
                    .message()
                    .contains("comparisons do not chain"));
                continue;
            }
        };
        assert_eq!(show(&chained), expected);
    }
}

#[test]
fn definitions_name_their_parameters() {
    let statements: Vec<Statement> = parse("f(u, v) = u*v + g(u, 2)\nf(a, b)")
        .collect::<Result<_, _>>()
        .unwrap();
    let parameters: Vec<&str> = statements[0]
        .parameters
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(parameters, ["u", "v"]);
    assert_eq!(statements[0].target.as_ref().unwrap().0, "f");
    assert_eq!(show("f(u, v) = u*v + g(u, 2)"), "((#0 * #1) + g(#0, 2))");
    assert_eq!(show("f(a, b)"), "f(a, b)");
    assert!(error("f(u) = u + z")
        .message()
        .contains("`z` is not a parameter of `f`"));
    assert!(error("f(u, u) = u")
        .message()
        .contains("a parameter of `f` twice"));
    assert!(error("f(pi) = 1").message().contains("reserved"));
    assert_eq!(show("y == 1"), "(y == 1)");
}

#[test]
fn indices_reductions_and_loops() {
    assert_eq!(show("x[i + 1, 2]"), "x[(i + 1), 2]");
    assert_eq!(
        show("n = 3; sum(i = 1..n - 1, x[i] * prod(j = i..2, y[j]))"),
        "Sum(i = 1..(n - 1), (x[i0] * Prod(i = i0..2, y[i1])))"
    );
    let statements: Vec<Statement> = parse("for i = 1..3: for j = i..3: W[i, j] = x[j] + i")
        .collect::<Result<_, _>>()
        .unwrap();
    let statement = &statements[0];
    let vars: Vec<&str> = statement.loops.iter().map(|l| l.var).collect();
    assert_eq!(vars, ["i", "j"]);
    assert_eq!(statement.target.as_ref().unwrap().0, "W");
    assert_eq!(statement.target_indices.len(), 2);
    assert!(error("y = 1..2").message().contains("found `.`"));
    for (text, why) in [
        ("sum(i = 1..3, sum(i = 1..2, x))", "already a loop variable"),
        ("sum(pi = 1..3, x)", "reserved"),
        ("sin[1]", "reserved"),
        ("f(u) = x[1]", "not a parameter"),
    ] {
        assert!(
            error(text).message().contains(why),
            "{text}: {}",
            error(text).message()
        );
    }
    let sums: String = (0..70).map(|k| format!("sum(i{k} = 1..1, ")).collect();
    let deep = format!("{sums}x{}", ")".repeat(70));
    assert!(error(&deep)
        .message()
        .contains("loops nest more than 64 deep"));
}

#[test]
fn comparisons_do_not_chain() {
    let err = error("y = a < b <= c");
    assert!(
        err.message().contains("comparisons do not chain"),
        "{}",
        err.message()
    );
    assert_eq!(err.column(), 11);
    assert!(error("(a == b # )\n != c)")
        .message()
        .contains("do not chain"));
    assert_eq!(show("x == 1"), "(x == 1)");
    assert!(error("x = = 1")
        .message()
        .starts_with("expected an operand"));
    assert!(error("a ! b").message().contains("found `!`"));
}

#[test]
fn reads_numbers_names_and_calls() {
    assert_eq!(
        show("2.5 + .5 + 2. + 1e-3 + 1e+3 + 6.02E23"),
        "(((((2.5 + 0.5) + 2) + 0.001) + 1000) + 602000000000000000000000)"
    );
    assert_eq!(show("pi"), format!("{}", std::f64::consts::PI));
    assert_eq!(
        show("pow(x, min(y, 2)) + sigmoid(_a1)"),
        "(pow(x, min(y, 2)) + sigmoid(_a1))"
    );
}

#[test]
fn reads_statements_with_targets_and_spans() {
    let source = "c = a + b; d = b + 1\ne = c * d # done";
    let statements: Vec<Statement> = parse(source).collect::<Result<_, _>>().unwrap();
    let targets: Vec<&str> = statements
        .iter()
        .map(|s| s.target.as_ref().unwrap().0)
        .collect();
    assert_eq!(targets, ["c", "d", "e"]);
    let (_, span) = statements[2].target.clone().unwrap();
    assert_eq!(&source[span], "e");
    let root = statements[2].expr.nodes.last().unwrap();
    assert_eq!(&source[root.span.clone()], "c * d");
    assert_eq!(statements[2].expr.text, "c * d");
}

#[test]
fn newlines_inside_parentheses_are_whitespace() {
    assert_eq!(show("y = ((x\n+\n1)\n*\n(x\n-\n1))"), "((x + 1) * (x - 1))");
    let err = error("y = a +\n b * 2");
    assert_eq!((err.line(), err.column()), (1, 8));
}

#[test]
fn syntax_errors_name_what_was_expected() {
    let err = error("a +* b");
    assert_eq!((err.line(), err.column()), (1, 4));
    assert!(
        err.message().starts_with("expected an operand"),
        "{}",
        err.message()
    );
    assert!(error("a+b)").message().contains("found `)`"));
    assert!(error("x @ 2").message().contains("found `@`"));
    assert!(error("a = ").message().contains("end of the statement"));
    assert_eq!(
        error("# header\nc = a + b\nd = c * 2\ne = d + * c\n").line(),
        4
    );
    assert_eq!(error("é + (x").column(), 1);
}

#[test]
fn semantic_errors_point_at_the_culprit() {
    let err = error("EXP(x) + 1");
    assert!(
        err.message().contains("did you mean `exp`"),
        "{}",
        err.message()
    );
    assert_eq!(err.column(), 1);
    assert!(error("sin(x, y)")
        .message()
        .contains("`sin` takes 1 argument, but 2 were given"));
    assert!(error("pow(x, y, x)")
        .message()
        .contains("`pow` takes 2 arguments"));
    assert!(error("sin()").message().contains("none was given"));
    assert!(error("sin + 1").message().contains("`sin` is a function"));
    let err = error("x + 1e999");
    assert!(err.message().contains("`1e999` is too large"));
    assert_eq!(err.column(), 5);
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}x{}", "(".repeat(20_000), ")".repeat(20_000));
    assert_eq!(show(&deep), "x");
    let too_deep = format!(
        "{}x{}",
        "(".repeat(MAX_NESTING + 5),
        ")".repeat(MAX_NESTING + 5)
    );
    let err = error(&too_deep);
    assert!(
        err.message().contains("limit is 100000"),
        "{}",
        err.message()
    );
    let signs = format!("{}x", "-".repeat(20_000));
    assert_eq!(show(&signs).len(), 20_000 * 3 + 1);
}

/// Every shape of nesting at the limit parses without overflowing the stack
/// (run in debug builds, whose frames are the largest): valid statements
/// by the fast path, a wrong one by pest, which explains the error.
#[test]
fn every_shape_parses_at_the_limit() {
    for (open, depth_each) in [("(", 1), ("sin(", 1), ("(-", 2), ("pow(1,", 1), ("x^(", 2)] {
        let levels = MAX_NESTING / depth_each;
        let text = format!("{}x{}", open.repeat(levels), ")".repeat(levels));
        assert!(parse(&text).all(|r| r.is_ok()), "{open}...x)");
        let wrong = format!("{}x @{}", open.repeat(levels), ")".repeat(levels));
        let err = error(&wrong);
        assert!(err.message().contains("found `@`"), "{open}...x @)");
    }
    let signs = format!("{}x", "-".repeat(MAX_NESTING));
    assert!(parse(&signs).all(|r| r.is_ok()));
    let powers = format!("x{}", "^x".repeat(MAX_NESTING));
    assert!(parse(&powers).all(|r| r.is_ok()));
}

#[test]
fn number_reads_exactly_the_grammar_s_literals() {
    for text in [
        "2", "2.5", ".5", "2.", "1e-3", "1e+3", "6.02E23", "-1.5e-3", "+2", "0", "00.5e007",
    ] {
        assert!(grammar_number(text) && number(text).is_ok(), "{text}");
    }
    for text in [
        "", ".", "e5", "1e", "1e+", "inf", "-inf", "nan", "NaN", "infinity", "0x10", "1_000",
        "--1", "+-1", "1.5.3", " 1", "1 ", "1e5.5", ".e5", "e", "E", "1f",
    ] {
        assert!(!grammar_number(text) && number(text).is_err(), "{text}");
    }
    assert_eq!(number("1e999"), Err("is too large for a double"));
    assert_eq!(number("-0").map(f64::to_bits), Ok((-0.0f64).to_bits()));
}

proptest::proptest! {
    #[test]
    fn number_agrees_with_the_grammar(text in "[-+]?[0-9.eE+-]{0,8}|[0-9a-zA-Z.+-]{0,6}") {
        let overflow = number(&text) == Err("is too large for a double");
        proptest::prop_assert_eq!(grammar_number(&text), number(&text).is_ok() || overflow, "{}", text);
    }
}

/// Whether a statement uses what only pest reads: definitions, calls of
/// them, loops, indices and reductions.
fn second_edition(statement: &Statement<'_>) -> bool {
    statement.parameters.is_some()
        || !statement.loops.is_empty()
        || !statement.target_indices.is_empty()
        || statement.expr.nodes.iter().any(|node| {
            matches!(
                node.kind,
                ExprKind::Apply(..) | ExprKind::Indexed(..) | ExprKind::Reduce(..)
            )
        })
}

/// Both paths on every statement of `source`: the fast path must read
/// exactly the statements pest reads (but for the second edition's forms,
/// which it leaves to pest), into the same nodes, order and spans.
fn paths_agree(source: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let mut scratch = fast::Scratch::default();
    for text in split::statements(source, 0..source.len()) {
        let quick = fast::statement(source, text.span.clone(), &mut scratch);
        match (quick, parse_text(source, &text)) {
            (Some(quick), Ok(pest)) => proptest::prop_assert_eq!(quick, pest, "{:?}", source),
            (None, Err(_)) => {}
            // The fast path leaves the second edition's forms to pest.
            (None, Ok(pest)) if second_edition(&pest) => {}
            (quick, pest) => proptest::prop_assert!(
                false,
                "{:?}: fast path {:?}, pest {:?}",
                source,
                quick,
                pest
            ),
        }
    }
    Ok(())
}

/// Any run of the language's tokens, valid or not.
fn token_soup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    const TOKENS: &[&str] = &[
        "x", "y1", "_z", "pi", "sin", "pow", "min", "EXP", "foo", "e", "1", "2.5", ".5", "2.",
        "1e3", "1e-3", "6.02E+2", "1e999", "(", ")", ",", "=", "!", "<", " ", "\t", "\n",
        "# note\n", ";", "@", "é", ".", "[", "]", "..", ":", "sum(i = ", "for i = ", "f(u) = ",
    ];
    let tokens: Vec<&str> = TOKENS
        .iter()
        .copied()
        .chain(BinaryOp::ALL.map(BinaryOp::symbol))
        .collect();
    proptest::collection::vec(proptest::sample::select(tokens), 0..24).prop_map(|t| t.concat())
}

/// The comparison operators' spellings.
fn comparisons() -> Vec<&'static str> {
    BinaryOp::ALL
        .into_iter()
        .filter(|op| op.is_comparison())
        .map(BinaryOp::symbol)
        .collect()
}

/// A valid expression with random spacing, signs, groups, comparisons and
/// calls.
fn valid_expression() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        proptest::sample::select(vec!["x", "y", "_t2", "pi"]).prop_map(str::to_string),
        proptest::sample::select(vec!["1", "0.25", ".5", "3.", "2e-3", "1E+2", "007"])
            .prop_map(str::to_string),
    ];
    let gap = proptest::sample::select(vec!["", " ", "  ", "\t"]);
    let inner_gap = proptest::sample::select(vec!["", "\n", " # c\n"]);
    leaf.prop_recursive(5, 40, 2, move |inner| {
        prop_oneof![
            (
                inner.clone(),
                gap.clone(),
                "[-+*/^]",
                gap.clone(),
                inner.clone()
            )
                .prop_map(|(a, g, op, h, b)| format!("{a}{g}{op}{h}{b}")),
            ("[-+]", gap.clone(), inner.clone()).prop_map(|(s, g, a)| format!("{s}{g}{a}")),
            (inner.clone(), inner_gap.clone()).prop_map(|(a, g)| format!("({g}{a}{g})")),
            (
                inner.clone(),
                proptest::sample::select(comparisons()),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("(({a}) {op}({b}))")),
            (
                proptest::sample::select(vec!["sin", "exp", "relu"]),
                inner.clone()
            )
                .prop_map(|(f, a)| format!("{f} ({a})")),
            (
                proptest::sample::select(vec!["pow", "min"]),
                inner.clone(),
                inner
            )
                .prop_map(|(f, a, b)| format!("{f}({a} ,{b})")),
        ]
    })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

    #[test]
    fn the_fast_path_reads_what_pest_reads(text in token_soup()) {
        paths_agree(&text)?;
    }

    #[test]
    fn the_fast_path_reads_every_valid_statement(
        target in proptest::option::of("[a-z_][a-z0-9_]{0,3}"),
        expr in valid_expression(),
    ) {
        let source = match target {
            Some(name) => format!(" {name} = {expr} # done"),
            None => expr,
        };
        let mut scratch = fast::Scratch::default();
        for text in split::statements(&source, 0..source.len()) {
            let read = fast::statement(&source, text.span, &mut scratch);
            proptest::prop_assert!(read.is_some(), "{:?}", source);
        }
        paths_agree(&source)?;
    }
}
