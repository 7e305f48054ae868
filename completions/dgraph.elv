
use builtin;
use str;

set edit:completion:arg-completer[dgraph] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'dgraph'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'dgraph'= {
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand eval 'Evaluate a program and differentiate it at a point (or at many)'
            cand draw 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)'
            cand diff 'Print the derivative as a formula, in dgraph''s own language'
            cand check 'Check every derivative against finite differences (exit 1 if one fails)'
            cand language 'Print the whole language on one screen: operators, functions, if, definitions, indices'
            cand completions 'Print a shell completion script (see the README for where to put it)'
            cand man 'Print the man page (roff): `dgraph man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dgraph;eval'= {
            cand -f 'Read the program from FILE (`-` for standard input)'
            cand --file 'Read the program from FILE (`-` for standard input)'
            cand --set 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)'
            cand --wrt 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`'
            cand --of 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`'
            cand --max-paths 'Refuse paths mode when there are more paths than this'
            cand --digits 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)'
            cand --mode 'How to compute derivatives'
            cand --elimination-order 'The order in which eliminate mode (and --stats'' eliminate row) removes vertices [default: search]'
            cand --order 'Derivatives up to this order: 2 adds the Hessian of the output (one output only)'
            cand --format 'Output format [default: table; with --points the format of the points file; with --lines csv]'
            cand --points 'Evaluate at every point of a CSV or TSV file (`-` for standard input) whose header names the inputs; writes one row per point'
            cand --points-format 'How the points file is separated [default: by its extension, csv unless .tsv]'
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand --stats 'Run every mode on the same graph and compare sweeps, edges touched and time'
            cand --explain 'Narrate the sweep step by step: one line per edge touched, with the numbers'
            cand --lines 'Read one program per line of standard input and write one result per line'
            cand --skip-bad 'With --points or --lines: report a bad row or line on standard error and go on'
            cand --ignore-extra 'With --points: allow columns that are not inputs of the program (they are ignored)'
            cand --no-header 'Write no header line in csv or tsv (shards of --points then concatenate; json has none)'
            cand --sparse 'Compute the Jacobian (with --order 2 the Hessian) by compressed sweeps, one per colour of inputs or outputs that no row needs two of, and write its non-zeros as coordinates'
            cand --pattern 'Print the sparsity pattern of the Jacobian (with --order 2 the Hessian) and its colouring, read off the graph without evaluating anything (no --set needed)'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;draw'= {
            cand -f 'Read the program from FILE (`-` for standard input)'
            cand --file 'Read the program from FILE (`-` for standard input)'
            cand --set 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)'
            cand --wrt 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`'
            cand --of 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`'
            cand --max-paths 'Refuse paths mode when there are more paths than this'
            cand --digits 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)'
            cand --mode 'How to compute derivatives'
            cand --elimination-order 'The order in which eliminate mode (and --stats'' eliminate row) removes vertices [default: search]'
            cand --format 'What to write'
            cand --max-nodes 'Refuse to draw more nodes than this (what `--of` depends on is drawn)'
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;diff'= {
            cand -f 'Read the program from FILE (`-` for standard input)'
            cand --file 'Read the program from FILE (`-` for standard input)'
            cand --wrt 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`'
            cand --of 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`'
            cand --order 'Differentiate this many times (2: the Hessian''s entries)'
            cand --format 'Output format'
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand --expand 'Write each derivative as one formula, without shared statements'
            cand --pretty 'Write the formulas as a person would (`u/t`, `1/x^2`, `x/2`): they still read back, but no longer bit for bit as `eval`''s numbers'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;check'= {
            cand -f 'Read the program from FILE (`-` for standard input)'
            cand --file 'Read the program from FILE (`-` for standard input)'
            cand --set 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)'
            cand --wrt 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`'
            cand --of 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`'
            cand --max-paths 'Refuse paths mode when there are more paths than this'
            cand --digits 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)'
            cand --order 'Also check the Hessian of the output (`--order 2`; one output only)'
            cand --rtol 'Relative tolerance: a check passes when |dgraph − numeric| ≤ atol + rtol·|numeric|'
            cand --atol 'Absolute tolerance (see --rtol)'
            cand --format 'Output format'
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand --sparse 'With --order 2: find the Hessian by compressed sweeps (as eval --sparse does) and check every entry of it, the zeros outside its pattern too'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;language'= {
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;completions'= {
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;man'= {
            cand --color 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set'
            cand -q 'Print no notes or warnings on standard error (errors still print)'
            cand --quiet 'Print no notes or warnings on standard error (errors still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dgraph;help'= {
            cand eval 'Evaluate a program and differentiate it at a point (or at many)'
            cand draw 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)'
            cand diff 'Print the derivative as a formula, in dgraph''s own language'
            cand check 'Check every derivative against finite differences (exit 1 if one fails)'
            cand language 'Print the whole language on one screen: operators, functions, if, definitions, indices'
            cand completions 'Print a shell completion script (see the README for where to put it)'
            cand man 'Print the man page (roff): `dgraph man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dgraph;help;eval'= {
        }
        &'dgraph;help;draw'= {
        }
        &'dgraph;help;diff'= {
        }
        &'dgraph;help;check'= {
        }
        &'dgraph;help;language'= {
        }
        &'dgraph;help;completions'= {
        }
        &'dgraph;help;man'= {
        }
        &'dgraph;help;help'= {
        }
    ]
    $completions[$command]
}
