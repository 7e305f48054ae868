//! Every built-in function's value against a reference computed to 50
//! digits: within a few units in the last place of the correctly rounded
//! value. (The derivatives are checked against finite differences in
//! `calculus.rs`, and the second derivatives in `hessian.rs`.)

use dgraph::parse::Func;

use crate::support::evaluate;

/// The most units in the last place a value may be from the reference.
const ULPS: u64 = 4;

/// How many doubles lie between `a` and `b` (0 when equal, zeros of
/// either sign equal).
fn ulps_apart(a: f64, b: f64) -> u64 {
    let ordered = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    ordered(a).abs_diff(ordered(b))
}

#[test]
fn every_function_is_within_a_few_ulps_of_the_reference() {
    let mut wrong = Vec::new();
    for &(name, x, expected) in ONE_ARGUMENT {
        let value = evaluate(&format!("{name}(x)"), &[("x", x)]).value;
        if ulps_apart(value, expected) > ULPS {
            wrong.push(format!("{name}({x:e}) = {value:e}, reference {expected:e}"));
        }
    }
    for &(name, x, y, expected) in TWO_ARGUMENTS {
        let value = evaluate(&format!("{name}(x, y)"), &[("x", x), ("y", y)]).value;
        if ulps_apart(value, expected) > ULPS {
            wrong.push(format!(
                "{name}({x:e}, {y:e}) = {value:e}, reference {expected:e}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_function_has_references() {
    for func in Func::ALL.iter().filter(|&&f| f != Func::If) {
        let named = |name: &str| name == func.name();
        let found = match func.arity() {
            1 => ONE_ARGUMENT.iter().any(|(name, ..)| named(name)),
            _ => TWO_ARGUMENTS.iter().any(|(name, ..)| named(name)),
        };
        assert!(found, "no reference values for `{}`", func.name());
    }
}

#[test]
fn logsumexp_takes_any_number_of_arguments() {
    let point = [("a", 0.5), ("b", -2.0), ("c", 1e-3)];
    let three = evaluate("logsumexp(a, b, c)", &point).value;
    let expected = (0.5f64.exp() + (-2.0f64).exp() + 1e-3f64.exp()).ln();
    assert!(ulps_apart(three, expected) <= ULPS, "{three} vs {expected}");
    assert_eq!(evaluate("logsumexp(a) * 2", &point[..1]).value, 1.0);
    let huge = evaluate("logsumexp(a, a, a)", &[("a", 1000.0)]).value;
    assert!(ulps_apart(huge, 1000.0 + 3f64.ln()) <= ULPS, "{huge}");
}

// Generated values: some happen to be well-known constants.
#[allow(clippy::approx_constant)]
/// `(function, x, f(x))`: f at x computed to 50 digits (mpmath), rounded
/// to a double.
const ONE_ARGUMENT: &[(&str, f64, f64)] = &[
    ("sin", -2.5, -0.5984721441039565),
    ("sin", 0.3, 0.29552020666133955),
    ("sin", 100.0, -0.5063656411097588),
    ("cos", -2.5, -0.8011436155469337),
    ("cos", 0.3, 0.955336489125606),
    ("cos", 100.0, 0.8623188722876839),
    ("tan", -1.2, -2.5721516221263188),
    ("tan", 0.3, 0.30933624960962325),
    ("tan", 1.5, 14.101419947171719),
    ("asin", -0.7, -0.775397496610753),
    ("asin", 0.3, 0.3046926540153975),
    ("asin", 0.999, 1.526071239626163),
    ("acos", -0.7, 2.3461938234056494),
    ("acos", 0.3, 1.2661036727794992),
    ("acos", 0.999, 0.044725087168733454),
    ("atan", -3.0, -1.2490457723982544),
    ("atan", 0.3, 0.2914567944778671),
    ("atan", 10000000000.0, 1.5707963266948965),
    ("sinh", -3.0, -10.017874927409903),
    ("sinh", 0.3, 0.3045202934471426),
    ("sinh", 20.0, 242582597.70489514),
    ("cosh", -3.0, 10.067661995777765),
    ("cosh", 0.3, 1.0453385141288605),
    ("cosh", 20.0, 242582597.70489514),
    ("tanh", -3.0, -0.9950547536867305),
    ("tanh", 0.3, 0.2913126124515909),
    ("tanh", 1e-09, 1e-09),
    ("exp", -3.0, 0.049787068367863944),
    ("exp", 0.3, 1.3498588075760032),
    ("exp", 700.0, 1.0142320547350045e+304),
    ("log", 1e-300, -690.7755278982137),
    ("log", 0.3, -1.2039728043259361),
    ("log", 10000000000.0, 23.025850929940457),
    ("sqrt", 2.0, 1.4142135623730951),
    ("sqrt", 0.3, 0.5477225575051661),
    ("sqrt", 1e-300, 1e-150),
    ("abs", -3.0, 3.0),
    ("abs", 0.0, 0.0),
    ("sigmoid", -3.0, 0.04742587317756678),
    ("sigmoid", 0.3, 0.574442516811659),
    ("sigmoid", 30.0, 0.9999999999999064),
    ("relu", -3.0, 0.0),
    ("relu", 0.3, 0.3),
    ("log1p", -0.75, -1.3862943611198906),
    ("log1p", 1e-12, 9.999999999995e-13),
    ("log1p", 0.5, 0.4054651081081644),
    ("log1p", 3.0, 1.3862943611198906),
    ("log1p", 10000000000.0, 23.025850930040455),
    ("expm1", -20.0, -0.9999999979388464),
    ("expm1", -1e-09, -9.999999995e-10),
    ("expm1", 1e-12, 1.0000000000005e-12),
    ("expm1", 0.7, 1.0137527074704764),
    ("expm1", 30.0, 10686474581523.463),
    ("log2", 1e-10, -33.219280948873624),
    ("log2", 0.5, -1.0),
    ("log2", 3.0, 1.584962500721156),
    ("log2", 1e+300, 996.5784284662087),
    ("log10", 1e-10, -10.0),
    ("log10", 0.5, -0.3010299956639812),
    ("log10", 3.0, 0.47712125471966244),
    ("log10", 7e+200, 200.84509804001425),
    ("exp2", -10.5, 0.0006905339660024879),
    ("exp2", 0.3, 1.2311444133449163),
    ("exp2", 12.25, 4870.992343051145),
    ("exp2", 1000.0, 1.0715086071862673e+301),
    ("cbrt", -8.0, -2.0),
    ("cbrt", 1e-300, 1e-100),
    ("cbrt", 27.0, 3.0),
    ("cbrt", 0.1, 0.4641588833612779),
    ("erf", -2.0, -0.9953222650189527),
    ("erf", 1e-10, 1.1283791670955126e-10),
    ("erf", 0.3, 0.3286267594591274),
    ("erf", 2.5, 0.999593047982555),
    ("erf", 5.0, 0.9999999999984626),
    ("erfc", -1.2, 1.9103139782296354),
    ("erfc", 0.3, 0.6713732405408726),
    ("erfc", 3.0, 2.209049699858544e-05),
    ("erfc", 10.0, 2.088487583762545e-45),
    ("erfc", 26.0, 5.663192408856143e-296),
    ("softplus", -800.0, 0.0),
    ("softplus", -1.2, 0.2632824673380312),
    ("softplus", 1e-08, 0.6931471855599454),
    ("softplus", 2.0, 2.1269280110429727),
    ("softplus", 40.0, 40.0),
    ("softplus", 800.0, 800.0),
    ("asinh", -1e+200, -461.2101657793691),
    ("asinh", -0.3, -0.29567304756342244),
    ("asinh", 1e-09, 1e-09),
    ("asinh", 2.5, 1.6472311463710958),
    ("asinh", 1e+200, 461.2101657793691),
    ("acosh", 1.0, 0.0),
    ("acosh", 1.0000001, 0.0004472135919037347),
    ("acosh", 2.5, 1.566799236972411),
    ("acosh", 1e+200, 461.2101657793691),
    ("atanh", -0.999, -3.8002011672501994),
    ("atanh", 1e-09, 1e-09),
    ("atanh", 0.5, 0.5493061443340549),
    ("atanh", 0.9999, 4.951718775643099),
    ("floor", -2.5, -3.0),
    ("floor", -0.3, -1.0),
    ("floor", 2.5, 2.0),
    ("floor", 3.0, 3.0),
    ("ceil", -2.5, -2.0),
    ("ceil", -0.3, 0.0),
    ("ceil", 2.5, 3.0),
    ("ceil", 3.0, 3.0),
    ("round", -2.5, -3.0),
    ("round", -0.5, -1.0),
    ("round", 0.49999999999999994, 0.0),
    ("round", 2.5, 3.0),
    ("sign", -3.0, -1.0),
    ("sign", 0.0, 0.0),
    ("sign", 1e-300, 1.0),
];
#[allow(clippy::approx_constant)]
/// `(function, x, y, f(x, y))`, as [`ONE_ARGUMENT`].
const TWO_ARGUMENTS: &[(&str, f64, f64, f64)] = &[
    ("pow", 2.0, 0.5, 1.4142135623730951),
    ("pow", 0.3, -2.5, 20.286020648339488),
    ("pow", 10.0, -300.0, 1e-300),
    ("min", 2.0, 0.5, 0.5),
    ("min", -1.0, 3.0, -1.0),
    ("max", 2.0, 0.5, 2.0),
    ("max", -1.0, 3.0, 3.0),
    ("atan2", 1.0, -1.0, 2.356194490192345),
    ("atan2", -2.0, 0.5, -1.3258176636680326),
    ("atan2", 1e-300, -1.0, 3.141592653589793),
    ("atan2", 3.0, 4.0, 0.6435011087932844),
    ("hypot", 3e+200, 4e+200, 4.9999999999999995e+200),
    ("hypot", 1e-300, 1e-300, 1.414213562373095e-300),
    ("hypot", -5.0, 12.0, 13.0),
    ("hypot", 0.1, 0.2, 0.223606797749979),
    ("logsumexp", -1000.0, -1000.5, -999.5259230158199),
    ("logsumexp", 800.0, 799.0, 800.3132616875182),
    ("logsumexp", 0.5, -2.0, 0.5788897342925496),
    ("logsumexp", 0.001, 0.001, 0.6941471805599453),
];

/// The functions added in the second edition may still name a variable
/// where they are not called, so programs written before them keep their
/// meaning; the first edition's stay reserved.
#[test]
fn new_function_names_may_still_name_variables() {
    let point = [("log2", 0.5), ("x", 8.0)];
    assert_eq!(evaluate("min(x, log2) + log2(x)", &point).value, 3.5);
    assert_eq!(
        evaluate("erf = x * 2; erf + erf(0)", &point[1..]).value,
        16.0
    );
    let sin = dgraph::graph::build("sin = x");
    assert!(sin.is_err(), "the first edition's names stay reserved");
}

/// logsumexp's gradient is the softmax, exactly where the arguments tie.
#[test]
fn logsumexp_derivatives_are_the_softmax() {
    use dgraph::modes::Mode;
    let tie = evaluate("logsumexp(x, y)", &[("x", -800.0), ("y", -800.0)]);
    assert_eq!(tie.gradient(Mode::Reverse), [0.5, 0.5]);
    let scaled = evaluate("logsumexp(1000*x, 1000*x)", &[("x", 0.3)]);
    assert_eq!(scaled.gradient(Mode::Reverse), [1000.0]);
}
