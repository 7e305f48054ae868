//! The whole language on one screen: `dgraph language` (and `dgraph help
//! language`).

/// The reference, at most [`WIDTH`] columns wide.
pub const LANGUAGE: &str = "\
The dgraph language
  numbers     2  2.5  .5  2.  1e-3  6.02E23        pi is the one constant
  names       x  rate_2  e (an ordinary name)       case-sensitive
  operators   loosest first:  < <= > >= == != (1 or 0, no chains)
              + -    * /    unary - +    ^ (2^3^2 = 512, -x^2 = -(x^2))
              ( ) group; a sign may follow an operator: x^-2  a*-b  --x
  functions   one argument:  sin cos tan asin acos atan sinh cosh tanh
                exp log sqrt abs sigmoid relu log1p expm1 log2 log10
                exp2 cbrt erf erfc softplus asinh acosh atanh floor ceil
                round sign
              two:  pow min max atan2(y, x) hypot
              one or more:  logsumexp(a, b, ...)  (stable)
              log is the natural logarithm; floor ceil round sign have
              derivative 0; abs and relu at 0 too; min, max split a tie
  if          if(c, a, b): a where c != 0, else b; the branch not taken
              adds exactly 0 to every derivative
  statements  c = a + b; d = b + 1     separated by ; or newlines
              a name is assigned once, before use; the last is the output
  comments    # to the end of the line
  definitions sq(u) = u^2              written out where called; may
              call the functions defined before it, never itself
  indices     x[1]  W[2, 3]  x[i + 1]  integer indices known when built
  sums        sum(i = 1..n, x[i]^2)  prod(k = 1..3, y + k)  (empty: 0, 1)
  loops       for j = 1..4: h[j] = tanh(sum(i = 1..3, W[j, i]*x[i]))
  settings    --set a=2,b=1  --set x=[1, 2, 3]  --set W=[[1, 2], [3, 4]]
              --set x[2]=5  --set @point.txt  --set @point.json
              --of h and --wrt x name every h[...] and every x[...]
";

/// How wide the reference may be: 80 columns, less the 7 a man page
/// indents it by.
pub const WIDTH: usize = 73;

#[cfg(test)]
mod tests {
    #[test]
    fn the_reference_fits_one_screen() {
        let lines: Vec<&str> = super::LANGUAGE.lines().collect();
        assert!(lines.len() <= 30, "{} lines", lines.len());
        for line in lines {
            assert!(line.chars().count() <= super::WIDTH, "too wide: {line}");
        }
    }
}
