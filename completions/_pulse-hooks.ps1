
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pulse-hooks' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pulse-hooks'
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
        'pulse-hooks' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, pretty-print, save and forward them')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Sign and deliver a realistic test event, with retries')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-send captured requests: re-signed with a fresh timestamp, or as they were')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify captured requests (files, folders, stdin) or one message given by flags')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Signing secrets and keys')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The Pulse event types: list them, show a sample, print the schema')
            [CompletionResult]::new('portal', 'portal', [CompletionResultType]::ParameterValue, 'Get the link to Pulse''s webhook portal (add endpoints, filter events, read delivery logs)')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Look at or cancel a Pulse job')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'This tool''s settings: write the config file, show what is in use, print the file''s path')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;listen' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one; the banner says which)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one; the banner says which)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind (loopback by default; anything else is reachable from the network)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The path webhooks are posted to, or ''*'' for any path')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret to verify with; repeat for rotation (any one may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (`-` for stdin)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A whpk_ public key to verify v1a signatures; repeatable')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far a timestamp may be from now, either way')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted (larger: 413)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Most connections open at once')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send a request''s headers, and then its body')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save every request as a capture file in this folder (mode 0600)')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Forward each verified request to your handler (method, headers and exact body)')
            [CompletionResult]::new('--drain', '--drain', [CompletionResultType]::ParameterName, 'On shutdown, how long to keep delivering queued forwards')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Pulse API key for --fetch-results [default: as for `jobs`]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Pulse API base URL for --fetch-results [default: as for `jobs`]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--raw-secret', '--raw-secret', [CompletionResultType]::ParameterName, 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--accept-unsigned', '--accept-unsigned', [CompletionResultType]::ParameterName, 'Accept requests without checking signatures (to explore what a sender sends)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Also print each event''s JSON body, indented and coloured')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print NDJSON on stdout: a `ready` line, then one capture per request')
            [CompletionResult]::new('--forward-all', '--forward-all', [CompletionResultType]::ParameterName, 'Forward every request that reached verification, verified or not')
            [CompletionResult]::new('--fetch-results', '--fetch-results', [CompletionResultType]::ParameterName, 'For job.completed events, fetch the job from the Pulse API and print a summary of its result')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;send' {
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Send this file''s exact bytes instead of a template (`-` for stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a template field: data.pages_processed=40 (value parsed as JSON when it parses)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send: a URL, a port (5000) or :port/path')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header, `Name: value`; repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header, `Name: value`; repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'The first wait before a retry (doubled each time, with full jitter)')
            [CompletionResult]::new('--max-backoff', '--max-backoff', [CompletionResultType]::ParameterName, 'The longest wait before a retry (also caps Retry-After)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Load mode: send this many distinct events (each its own webhook-id)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: requests in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Load mode: at most this many requests per second (default: as fast as the receiver answers)')
            [CompletionResult]::new('--signature-encoding', '--signature-encoding', [CompletionResultType]::ParameterName, 'Signature encoding: base64 (standard) or hex (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (`-` for stdin)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the signed request instead of sending it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--raw-secret', '--raw-secret', [CompletionResultType]::ParameterName, 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send: a URL, a port (5000) or :port/path')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header, `Name: value`; repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header, `Name: value`; repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'The first wait before a retry (doubled each time, with full jitter)')
            [CompletionResult]::new('--max-backoff', '--max-backoff', [CompletionResultType]::ParameterName, 'The longest wait before a retry (also caps Retry-After)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (`-` for stdin)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--as-is', '--as-is', [CompletionResultType]::ParameterName, 'Send the original headers instead of re-signing with a fresh timestamp')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON line per capture')
            [CompletionResult]::new('--raw-secret', '--raw-secret', [CompletionResultType]::ParameterName, 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;sign' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Message id [default: a new msg_ + KSUID]')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix seconds or RFC 3339 [default: now]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'What to print')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The receiver''s URL, for `--format curl` and `--format http`')
            [CompletionResult]::new('--signature-encoding', '--signature-encoding', [CompletionResultType]::ParameterName, 'Signature encoding: base64 (standard) or hex (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (`-` for stdin)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--raw-secret', '--raw-secret', [CompletionResultType]::ParameterName, 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;verify' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret to verify with; repeat for rotation (any one may match)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (`-` for stdin)')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'A whpk_ public key to verify v1a signatures; repeatable')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far the timestamp may be from now, either way')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Check timestamps against this time instead of the clock (Unix seconds or RFC 3339)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Verify one message: this body file (`-` for stdin), with --id/--timestamp/--signature or -H')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The message''s webhook-id (with --payload)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The message''s webhook-timestamp (with --payload)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The message''s webhook-signature (with --payload)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header of the message, `name: value` (with --payload); repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header of the message, `name: value` (with --payload); repeatable')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report to this file')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads [default: the number of CPUs]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--raw-secret', '--raw-secret', [CompletionResultType]::ParameterName, 'Use the secret text''s own bytes as the HMAC key (non-standard: Pulse''s docs sample)')
            [CompletionResult]::new('--ignore-timestamp', '--ignore-timestamp', [CompletionResultType]::ParameterName, 'Do not check timestamps at all (stored fixtures)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON report instead of lines')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only failures and the summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only failures and the summary')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;secret' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;secret;generate' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--asymmetric', '--asymmetric', [CompletionResultType]::ParameterName, 'An ed25519 key pair for v1a: the whsk_ secret key, then the whpk_ public key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;secret;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;secret;help;generate' {
            break
        }
        'pulse-hooks;secret;help;help' {
            break
        }
        'pulse-hooks;events' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a sample payload of a type, with a fresh job id and timestamp')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print a JSON Schema of the event envelope')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;events;show' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a field: data.pages_processed=40 (value parsed as JSON when it parses)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'One line instead of indented JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;events;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;events;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a sample payload of a type, with a fresh job id and timestamp')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print a JSON Schema of the event envelope')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;events;help;show' {
            break
        }
        'pulse-hooks;events;help;schema' {
            break
        }
        'pulse-hooks;events;help;help' {
            break
        }
        'pulse-hooks;portal' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first, on connection errors, 408, 429 and 5xx')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the link in the browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print `{\"link\": …}`')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;jobs' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job: status, times, error and a summary of its result')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Ask Pulse to cancel a job (finished jobs stay as they are)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;jobs;get' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first, on connection errors, 408, 429 and 5xx')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the API''s JSON body as it came')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;jobs;cancel' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI''s ~/.pulse/config.toml]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first, on connection errors, 408, 429 and 5xx')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the API''s JSON body as it came')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;jobs;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job: status, times, error and a summary of its result')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Ask Pulse to cancel a job (finished jobs stay as they are)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;jobs;help;get' {
            break
        }
        'pulse-hooks;jobs;help;cancel' {
            break
        }
        'pulse-hooks;jobs;help;help' {
            break
        }
        'pulse-hooks;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the config file: API key, signing secret, API URL (asks on a terminal)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in use and where each came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;config;init' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The Pulse API key to save')
            [CompletionResult]::new('--webhook-secret', '--webhook-secret', [CompletionResultType]::ParameterName, 'The webhook signing secret to save (whsec_…, from the Pulse portal)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The API URL to save')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file without asking')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;config;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;config;path' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the config file: API key, signing secret, API URL (asks on a terminal)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in use and where each came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;config;help;init' {
            break
        }
        'pulse-hooks;config;help;show' {
            break
        }
        'pulse-hooks;config;help;path' {
            break
        }
        'pulse-hooks;config;help;help' {
            break
        }
        'pulse-hooks;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a hint instead (also when CI is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pulse-hooks;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, pretty-print, save and forward them')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Sign and deliver a realistic test event, with retries')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-send captured requests: re-signed with a fresh timestamp, or as they were')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a payload exactly as Pulse would, for `curl -H @-` and friends')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify captured requests (files, folders, stdin) or one message given by flags')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Signing secrets and keys')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The Pulse event types: list them, show a sample, print the schema')
            [CompletionResult]::new('portal', 'portal', [CompletionResultType]::ParameterValue, 'Get the link to Pulse''s webhook portal (add endpoints, filter events, read delivery logs)')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Look at or cancel a Pulse job')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'This tool''s settings: write the config file, show what is in use, print the file''s path')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pulse-hooks;help;listen' {
            break
        }
        'pulse-hooks;help;send' {
            break
        }
        'pulse-hooks;help;replay' {
            break
        }
        'pulse-hooks;help;sign' {
            break
        }
        'pulse-hooks;help;verify' {
            break
        }
        'pulse-hooks;help;secret' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair')
            break
        }
        'pulse-hooks;help;secret;generate' {
            break
        }
        'pulse-hooks;help;events' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a sample payload of a type, with a fresh job id and timestamp')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print a JSON Schema of the event envelope')
            break
        }
        'pulse-hooks;help;events;show' {
            break
        }
        'pulse-hooks;help;events;schema' {
            break
        }
        'pulse-hooks;help;portal' {
            break
        }
        'pulse-hooks;help;jobs' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a job: status, times, error and a summary of its result')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Ask Pulse to cancel a job (finished jobs stay as they are)')
            break
        }
        'pulse-hooks;help;jobs;get' {
            break
        }
        'pulse-hooks;help;jobs;cancel' {
            break
        }
        'pulse-hooks;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the config file: API key, signing secret, API URL (asks on a terminal)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the settings in use and where each came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            break
        }
        'pulse-hooks;help;config;init' {
            break
        }
        'pulse-hooks;help;config;show' {
            break
        }
        'pulse-hooks;help;config;path' {
            break
        }
        'pulse-hooks;help;completions' {
            break
        }
        'pulse-hooks;help;man' {
            break
        }
        'pulse-hooks;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
