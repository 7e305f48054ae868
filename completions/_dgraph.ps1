
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'dgraph' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'dgraph'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'dgraph' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a program and differentiate it at a point (or at many)')
            [CompletionResult]::new('draw', 'draw', [CompletionResultType]::ParameterValue, 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Print the derivative as a formula, in dgraph''s own language')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check every derivative against finite differences (exit 1 if one fails)')
            [CompletionResult]::new('language', 'language', [CompletionResultType]::ParameterValue, 'Print the whole language on one screen: operators, functions, if, definitions, indices')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (see the README for where to put it)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff): `dgraph man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dgraph;eval' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)')
            [CompletionResult]::new('--wrt', '--wrt', [CompletionResultType]::ParameterName, 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`')
            [CompletionResult]::new('--of', '--of', [CompletionResultType]::ParameterName, 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`')
            [CompletionResult]::new('--max-paths', '--max-paths', [CompletionResultType]::ParameterName, 'Refuse paths mode when there are more paths than this')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How to compute derivatives')
            [CompletionResult]::new('--elimination-order', '--elimination-order', [CompletionResultType]::ParameterName, 'The order in which eliminate mode (and --stats'' eliminate row) removes vertices [default: search]')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Derivatives up to this order: 2 adds the Hessian of the output (one output only)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table; with --points the format of the points file; with --lines csv]')
            [CompletionResult]::new('--points', '--points', [CompletionResultType]::ParameterName, 'Evaluate at every point of a CSV or TSV file (`-` for standard input) whose header names the inputs; writes one row per point')
            [CompletionResult]::new('--points-format', '--points-format', [CompletionResultType]::ParameterName, 'How the points file is separated [default: by its extension, csv unless .tsv]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Run every mode on the same graph and compare sweeps, edges touched and time')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Narrate the sweep step by step: one line per edge touched, with the numbers')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Read one program per line of standard input and write one result per line')
            [CompletionResult]::new('--skip-bad', '--skip-bad', [CompletionResultType]::ParameterName, 'With --points or --lines: report a bad row or line on standard error and go on')
            [CompletionResult]::new('--ignore-extra', '--ignore-extra', [CompletionResultType]::ParameterName, 'With --points: allow columns that are not inputs of the program (they are ignored)')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Write no header line in csv or tsv (shards of --points then concatenate; json has none)')
            [CompletionResult]::new('--sparse', '--sparse', [CompletionResultType]::ParameterName, 'Compute the Jacobian (with --order 2 the Hessian) by compressed sweeps, one per colour of inputs or outputs that no row needs two of, and write its non-zeros as coordinates')
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Print the sparsity pattern of the Jacobian (with --order 2 the Hessian) and its colouring, read off the graph without evaluating anything (no --set needed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;draw' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)')
            [CompletionResult]::new('--wrt', '--wrt', [CompletionResultType]::ParameterName, 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`')
            [CompletionResult]::new('--of', '--of', [CompletionResultType]::ParameterName, 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`')
            [CompletionResult]::new('--max-paths', '--max-paths', [CompletionResultType]::ParameterName, 'Refuse paths mode when there are more paths than this')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How to compute derivatives')
            [CompletionResult]::new('--elimination-order', '--elimination-order', [CompletionResultType]::ParameterName, 'The order in which eliminate mode (and --stats'' eliminate row) removes vertices [default: search]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to write')
            [CompletionResult]::new('--max-nodes', '--max-nodes', [CompletionResultType]::ParameterName, 'Refuse to draw more nodes than this (what `--of` depends on is drawn)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;diff' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--wrt', '--wrt', [CompletionResultType]::ParameterName, 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`')
            [CompletionResult]::new('--of', '--of', [CompletionResultType]::ParameterName, 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Differentiate this many times (2: the Hessian''s entries)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Write each derivative as one formula, without shared statements')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Write the formulas as a person would (`u/t`, `1/x^2`, `x/2`): they still read back, but no longer bit for bit as `eval`''s numbers')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the program from FILE (`-` for standard input)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Input values: `name=value` pairs separated by commas; repeatable; a value is a number or a constant expression (`t=pi/4`); `@FILE` reads pairs separated by commas or newlines (`@-`: standard input)')
            [CompletionResult]::new('--wrt', '--wrt', [CompletionResultType]::ParameterName, 'Input variables to differentiate by (default: every input); `x` alone names every `x[...]`')
            [CompletionResult]::new('--of', '--of', [CompletionResultType]::ParameterName, 'Names of the outputs (default: the last statement); `h` alone names every `h[...]`')
            [CompletionResult]::new('--max-paths', '--max-paths', [CompletionResultType]::ParameterName, 'Refuse paths mode when there are more paths than this')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17)')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Also check the Hessian of the output (`--order 2`; one output only)')
            [CompletionResult]::new('--rtol', '--rtol', [CompletionResultType]::ParameterName, 'Relative tolerance: a check passes when |dgraph − numeric| ≤ atol + rtol·|numeric|')
            [CompletionResult]::new('--atol', '--atol', [CompletionResultType]::ParameterName, 'Absolute tolerance (see --rtol)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('--sparse', '--sparse', [CompletionResultType]::ParameterName, 'With --order 2: find the Hessian by compressed sweeps (as eval --sparse does) and check every entry of it, the zeros outside its pattern too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;language' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output: `auto` colours a terminal unless NO_COLOR is set')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no notes or warnings on standard error (errors still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dgraph;help' {
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a program and differentiate it at a point (or at many)')
            [CompletionResult]::new('draw', 'draw', [CompletionResultType]::ParameterValue, 'Draw the computational graph with values and derivatives (DOT, SVG or HTML)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Print the derivative as a formula, in dgraph''s own language')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check every derivative against finite differences (exit 1 if one fails)')
            [CompletionResult]::new('language', 'language', [CompletionResultType]::ParameterValue, 'Print the whole language on one screen: operators, functions, if, definitions, indices')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (see the README for where to put it)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff): `dgraph man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dgraph;help;eval' {
            break
        }
        'dgraph;help;draw' {
            break
        }
        'dgraph;help;diff' {
            break
        }
        'dgraph;help;check' {
            break
        }
        'dgraph;help;language' {
            break
        }
        'dgraph;help;completions' {
            break
        }
        'dgraph;help;man' {
            break
        }
        'dgraph;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
