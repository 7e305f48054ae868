//! Printing a random program: name slots resolved against what is in
//! scope (inputs, names assigned so far, parameters, index variables),
//! calls fitted to their function's arity, and the inputs used recorded
//! for `--set`.

use crate::program::{
    Expr, Int, Program, Rendered, Stmt, FAMILIES, FUNCTIONS, INDEX_VARS, INPUTS, PARAMS, SEPARATORS,
};

/// What a name slot may mean where it is printed.
#[derive(Clone, Default)]
struct Scope {
    /// Names beyond the inputs: assigned ones, or a definition's parameters.
    names: Vec<String>,
    /// Enclosing index variables.
    vars: Vec<&'static str>,
    /// Inside a definition: only parameters, `pi` and numbers.
    in_def: bool,
    has_n: bool,
}

impl Program {
    pub fn render(&self) -> Rendered {
        let mut out = Rendered {
            family_len: 4,
            ..Rendered::default()
        };
        let mut text = String::new();
        let mut scope = Scope {
            has_n: self.n.is_some(),
            ..Scope::default()
        };
        let mut defs: Vec<(String, usize)> = Vec::new();
        if let Some(n) = self.n {
            text.push_str(&format!("n = {n}\n"));
        }
        for (k, (statement, sep)) in self.statements.iter().enumerate() {
            let mut p = Printer {
                out: &mut out,
                defs: &defs,
            };
            match statement {
                Stmt::Assign(e) => {
                    let line = format!("t{k} = {}", p.expr(e, &scope));
                    text.push_str(&line);
                    scope.names.push(format!("t{k}"));
                    out.assigned.push(format!("t{k}"));
                }
                Stmt::Bare(e) => text.push_str(&p.expr(e, &scope)),
                Stmt::Def(arity, body) => {
                    let params: Vec<String> =
                        PARAMS[..*arity].iter().map(|s| s.to_string()).collect();
                    let inner = Scope {
                        names: params.clone(),
                        in_def: true,
                        ..Scope::default()
                    };
                    let body = p.expr(body, &inner);
                    text.push_str(&format!("f{k}({}) = {body}", params.join(", ")));
                    defs.push((format!("f{k}"), *arity));
                }
                Stmt::For(lo, hi, nested, body) => {
                    let mut inner = scope.clone();
                    inner.vars.push("i");
                    let (lo, hi) = (p.int(lo, &scope), p.int(hi, &scope));
                    if *nested {
                        inner.vars.push("j");
                        let body = p.expr(body, &inner);
                        text.push_str(&format!(
                            "for i = {lo}..{hi}: for j = 1..2: H[i, j] = {body}"
                        ));
                        out.assigned.push("H".into());
                    } else {
                        let body = p.expr(body, &inner);
                        text.push_str(&format!("for i = {lo}..{hi}: h[i] = {body}"));
                        out.assigned.push("h".into());
                    }
                }
                Stmt::Comment => text.push_str("# a comment"),
            }
            text.push_str(SEPARATORS[*sep]);
        }
        let last = Printer {
            out: &mut out,
            defs: &defs,
        }
        .expr(&self.last, &scope);
        text.push_str(&last);
        // Every element of a family used is then used (else it is set but
        // not used: an error).
        let uses: Vec<String> = out
            .families
            .iter()
            .map(|&(family, dims)| match dims {
                1 => format!("sum(i = 1..4, {family}[i])"),
                _ => format!("sum(i = 1..4, sum(j = 1..4, {family}[i, j]))"),
            })
            .collect();
        if !uses.is_empty() {
            text.insert_str(0, &format!("uses = {}\n", uses.join(" + ")));
        }
        out.text = text.into_bytes();
        out
    }
}

struct Printer<'a> {
    out: &'a mut Rendered,
    defs: &'a [(String, usize)],
}

impl Printer<'_> {
    fn int(&mut self, i: &Int, scope: &Scope) -> String {
        match i {
            Int::Lit(v) => v.to_string(),
            Int::Var(k) if scope.vars.is_empty() => (k % 4 + 1).to_string(),
            Int::Var(k) => scope.vars[usize::from(*k) % scope.vars.len()].to_string(),
            Int::N if scope.has_n => "n".into(),
            Int::N => "2".into(),
            Int::Op(op, a, b) => format!("({} {op} {})", self.int(a, scope), self.int(b, scope)),
        }
    }

    fn name(&mut self, k: u8, scope: &Scope) -> String {
        let k = usize::from(k);
        if scope.in_def {
            let names: Vec<&str> = scope
                .names
                .iter()
                .map(String::as_str)
                .chain(["pi"])
                .collect();
            return names[k % names.len()].to_string();
        }
        let extra: Vec<&str> = scope
            .names
            .iter()
            .map(String::as_str)
            .chain(scope.vars.iter().copied())
            .chain(["pi"])
            .collect();
        let name = if k < 160 {
            INPUTS[k % 3]
        } else if k < 176 {
            INPUTS[k % INPUTS.len()]
        } else {
            extra[k % extra.len()]
        };
        if INPUTS.contains(&name) && !self.out.scalars.iter().any(|s| s == name) {
            self.out.scalars.push(name.to_string());
        }
        name.to_string()
    }

    fn expr(&mut self, e: &Expr, scope: &Scope) -> String {
        match e {
            Expr::Num(text) => text.clone(),
            Expr::Name(k) => self.name(*k, scope),
            Expr::Index(f, _) if scope.in_def => self.name(*f, scope),
            Expr::Index(f, indices) => {
                let assigned = |name: &str| self.out.assigned.iter().any(|a| a == name);
                let mut choice = usize::from(*f) % FAMILIES.len();
                if !assigned(FAMILIES[choice].0) && choice >= 3 {
                    choice -= 3;
                }
                let (family, dims) = FAMILIES[choice];
                if !matches!(family, "h" | "H")
                    && !self.out.families.iter().any(|(n, _)| *n == family)
                {
                    self.out.families.push((family, dims));
                }
                let list: Vec<String> = (0..dims)
                    .map(|d| self.int(&indices[d % indices.len()], scope))
                    .collect();
                format!("{family}[{}]", list.join(", "))
            }
            Expr::Unary(c, a) => format!("{c}{}", self.expr(a, scope)),
            Expr::Binary(op, paren, a, b) => {
                let (a, b) = (self.expr(a, scope), self.expr(b, scope));
                // A chain of comparisons is a syntax error: now and then.
                let comparison = matches!(*op, "<=" | ">" | ">=" | "==" | "!=");
                if *paren || comparison {
                    format!("({a} {op} {b})")
                } else {
                    format!("{a} {op} {b}")
                }
            }
            Expr::Call(f, args) => {
                let (name, arity) = match usize::from(*f) {
                    k if k % 4 == 0 && !self.defs.is_empty() => {
                        self.defs[k / 4 % self.defs.len()].clone()
                    }
                    255 => ("logsumexp".to_string(), args.len()),
                    k => (
                        FUNCTIONS[k % FUNCTIONS.len()].0.to_string(),
                        FUNCTIONS[k % FUNCTIONS.len()].1,
                    ),
                };
                let args: Vec<String> = (0..arity)
                    .map(|i| self.expr(&args[i % args.len()], scope))
                    .collect();
                format!("{name}({})", args.join(", "))
            }
            Expr::If(parts) => {
                let [c, a, b] = &**parts;
                format!(
                    "if({}, {}, {})",
                    self.expr(c, scope),
                    self.expr(a, scope),
                    self.expr(b, scope)
                )
            }
            Expr::Reduce(sum, lo, hi, body) => {
                let var = INDEX_VARS[scope.vars.len() % INDEX_VARS.len()];
                let (lo, hi) = (self.int(lo, scope), self.int(hi, scope));
                let mut inner = scope.clone();
                inner.vars.push(var);
                let body = self.expr(body, &inner);
                format!(
                    "{}({var} = {lo}..{hi}, {body})",
                    if *sum { "sum" } else { "prod" }
                )
            }
        }
    }
}
