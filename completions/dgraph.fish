# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dgraph_global_optspecs
    string join \n color= q/quiet h/help V/version
end

function __fish_dgraph_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dgraph_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dgraph_using_subcommand
    set -l cmd (__fish_dgraph_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dgraph -n "__fish_dgraph_needs_command" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_needs_command" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_needs_command" -s V -l version -d 'Print version'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "eval" -d 'Evaluate a program and differentiate it at a point (or at many)'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "draw" -d 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "diff" -d 'Print the derivative as a formula, in dgraph\'s own language'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "check" -d 'Check every derivative against finite differences (exit 1 if one fails)'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "language" -d 'Print the whole language on one screen: operators, functions, if, definitions, indices'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "completions" -d 'Print a shell completion script (see the README for where to put it)'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "man" -d 'Print the man page (roff): `dgraph man | man -l -`'
complete -c dgraph -n "__fish_dgraph_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -s f -l file -d 'Read the program from FILE (`-` for standard input)' -r -F
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l set -d 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l wrt -d 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l of -d 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l max-paths -d 'Refuse paths mode when there are more paths than this' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l digits -d 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l mode -d 'How to compute derivatives' -r -f -a "reverse\t'Backpropagation: one sweep per output'
forward\t'One sweep per input'
paths\t'Sum of edge-derivative products over every path'
eliminate\t'Vertex elimination on the linearized graph, in the order --elimination-order plans'
auto\t'Forward or reverse, whichever touches fewer edges on this graph'"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l elimination-order -d 'The order in which eliminate mode (and --stats\' eliminate row) removes vertices [default: search]' -r -f -a "markowitz\t'Greedy: the vertex with the fewest in-edges × out-edges now'
search\t'Markowitz with look-ahead, under a fixed budget of work (Markowitz past 4096 vertices)'
optimal\t'The cheapest order, proved by an exact search (refused past 512 vertices or its budget)'"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l order -d 'Derivatives up to this order: 2 adds the Hessian of the output (one output only)' -r -f -a "1\t''
2\t''"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l format -d 'Output format [default: table; with --points the format of the points file; with --lines csv]' -r -f -a "table\t'A table of the nodes'
json\t'One JSON object (with --points or --lines: one per line)'
csv\t'Comma-separated values'
tsv\t'Tab-separated values'
mtx\t'A MatrixMarket coordinate file (with --sparse or --pattern)'"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l points -d 'Evaluate at every point of a CSV or TSV file (`-` for standard input) whose header names the inputs; writes one row per point' -r -F
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l points-format -d 'How the points file is separated [default: by its extension, csv unless .tsv]' -r -f -a "csv\t'Comma-separated'
tsv\t'Tab-separated'"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l stats -d 'Run every mode on the same graph and compare sweeps, edges touched and time'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l explain -d 'Narrate the sweep step by step: one line per edge touched, with the numbers'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l lines -d 'Read one program per line of standard input and write one result per line'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l skip-bad -d 'With --points or --lines: report a bad row or line on standard error and go on'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l ignore-extra -d 'With --points: allow columns that are not inputs of the program (they are ignored)'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l no-header -d 'Write no header line in csv or tsv (shards of --points then concatenate; json has none)'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l sparse -d 'Compute the Jacobian (with --order 2 the Hessian) by compressed sweeps, one per colour of inputs or outputs that no row needs two of, and write its non-zeros as coordinates'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -l pattern -d 'Print the sparsity pattern of the Jacobian (with --order 2 the Hessian) and its colouring, read off the graph without evaluating anything (no --set needed)'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand eval" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -s f -l file -d 'Read the program from FILE (`-` for standard input)' -r -F
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l set -d 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l wrt -d 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l of -d 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l max-paths -d 'Refuse paths mode when there are more paths than this' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l digits -d 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l mode -d 'How to compute derivatives' -r -f -a "reverse\t'Backpropagation: one sweep per output'
forward\t'One sweep per input'
paths\t'Sum of edge-derivative products over every path'
eliminate\t'Vertex elimination on the linearized graph, in the order --elimination-order plans'
auto\t'Forward or reverse, whichever touches fewer edges on this graph'"
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l elimination-order -d 'The order in which eliminate mode (and --stats\' eliminate row) removes vertices [default: search]' -r -f -a "markowitz\t'Greedy: the vertex with the fewest in-edges × out-edges now'
search\t'Markowitz with look-ahead, under a fixed budget of work (Markowitz past 4096 vertices)'
optimal\t'The cheapest order, proved by an exact search (refused past 512 vertices or its budget)'"
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l format -d 'What to write' -r -f -a "dot\t'Graphviz DOT (render with `dot -Tsvg`)'
svg\t'A finished SVG picture, laid out by dgraph itself'
html\t'One self-contained page that steps through every mode on the picture'"
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l max-nodes -d 'Refuse to draw more nodes than this (what `--of` depends on is drawn)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand draw" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -s f -l file -d 'Read the program from FILE (`-` for standard input)' -r -F
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l wrt -d 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l of -d 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l order -d 'Differentiate this many times (2: the Hessian\'s entries)' -r -f -a "1\t''
2\t''
3\t''
4\t''
5\t''
6\t''
7\t''
8\t''"
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l format -d 'Output format' -r -f -a "text\t'dgraph\'s own language: `dgraph eval` reads it back'
json\t'One JSON object'
latex\t'Plain LaTeX'"
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l expand -d 'Write each derivative as one formula, without shared statements'
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -l pretty -d 'Write the formulas as a person would (`u/t`, `1/x^2`, `x/2`): they still read back, but no longer bit for bit as `eval`\'s numbers'
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -s f -l file -d 'Read the program from FILE (`-` for standard input)' -r -F
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l set -d 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l wrt -d 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l of -d 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l max-paths -d 'Refuse paths mode when there are more paths than this' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l digits -d 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l order -d 'Also check the Hessian of the output (`--order 2`; one output only)' -r -f -a "1\t''
2\t''"
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l rtol -d 'Relative tolerance: a check passes when |dgraph − numeric| ≤ atol + rtol·|numeric|' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l atol -d 'Absolute tolerance (see --rtol)' -r
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l format -d 'Output format' -r -f -a "table\t'A table of the checks'
json\t'One JSON object'"
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -l sparse -d 'With --order 2: find the Hessian by compressed sweeps (as eval --sparse does) and check every entry of it, the zeros outside its pattern too'
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand language" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand language" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand language" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand completions" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand completions" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand man" -l color -d 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c dgraph -n "__fish_dgraph_using_subcommand man" -s q -l quiet -d 'Print no notes or warnings on standard error (errors still print)'
complete -c dgraph -n "__fish_dgraph_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "eval" -d 'Evaluate a program and differentiate it at a point (or at many)'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "draw" -d 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "diff" -d 'Print the derivative as a formula, in dgraph\'s own language'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "check" -d 'Check every derivative against finite differences (exit 1 if one fails)'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "language" -d 'Print the whole language on one screen: operators, functions, if, definitions, indices'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "completions" -d 'Print a shell completion script (see the README for where to put it)'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "man" -d 'Print the man page (roff): `dgraph man | man -l -`'
complete -c dgraph -n "__fish_dgraph_using_subcommand help; and not __fish_seen_subcommand_from eval draw diff check language completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
