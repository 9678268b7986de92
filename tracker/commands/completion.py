"""`tracker completion bash|zsh|fish`: a script completing commands, options, event types and ids.

Commands and options come from the parser itself, so a new command completes without a change here.
Proposal and party ids are asked of the store when completing (`tracker completion SHELL --list ...`),
so they follow the store; event types are written into the script.
"""

from __future__ import annotations

import argparse
import shlex

from tracker.cli import parser

_DATE_WORDS = ("today",)


def _spec() -> dict[str, list[str]]:
    """Each command's options (and the top level's, under '')."""
    top = parser()
    spec: dict[str, list[str]] = {"": [o for a in top._actions for o in a.option_strings]}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                spec[name] = [o for a in sub._actions for o in a.option_strings if a.help != argparse.SUPPRESS]
    return spec


def _event_types() -> list[str]:
    from tracker.domain.events import EVENT_TYPES

    return list(EVENT_TYPES)


def ids(kind: str, db: str | None) -> list[str]:
    from tracker.application.bootstrap import open_for

    tracker = open_for(db, write=False)
    try:
        if kind == "proposals":
            return tracker.queries.proposal_ids()
        return list(tracker.queries.parties())
    finally:
        tracker.close()


def bash(spec: dict[str, list[str]], types: list[str]) -> str:
    cases = "\n".join(f"        {name}) opts={shlex.quote(' '.join(opts))} ;;" for name, opts in spec.items() if name)
    return f"""# tracker completion for bash: eval "$(tracker completion bash)" (e.g. in ~/.bashrc)
_tracker() {{
    local cur prev cmd i opts db
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    cmd=""
    db=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ "${{COMP_WORDS[i-1]}}" == --db ]]; then db=(--db "${{COMP_WORDS[i]}}"); continue; fi
        case "${{COMP_WORDS[i]}}" in -*) ;; *) [[ -z "$cmd" ]] && cmd="${{COMP_WORDS[i]}}" ;; esac
    done
    case "$prev" in
        --db|--watch) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --proposal) COMPREPLY=($(compgen -W "$(tracker "${{db[@]}}" completion bash --list proposals 2>/dev/null)" -- "$cur")); return ;;
        --party|--by) COMPREPLY=($(compgen -W "$(tracker "${{db[@]}}" completion bash --list parties 2>/dev/null)" -- "$cur")); return ;;
        --as-of|--to|--from) COMPREPLY=($(compgen -W "today" -- "$cur")); return ;;
    esac
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W "{' '.join(n for n in spec if n)} {' '.join(spec[''])}" -- "$cur"))
        return
    fi
    case "$cmd" in
{cases}
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ "$cmd" == template ]]; then
        COMPREPLY=($(compgen -W "{' '.join(types)}" -- "$cur"))
    elif [[ "$cmd" == timeline ]]; then
        COMPREPLY=($(compgen -W "$(tracker "${{db[@]}}" completion bash --list proposals 2>/dev/null)" -- "$cur"))
    elif [[ "$cmd" == completion ]]; then
        COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
    elif [[ "$cmd" == append || "$cmd" == validate ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o default -F _tracker tracker
"""


def zsh(spec: dict[str, list[str]], types: list[str]) -> str:
    # zsh runs the bash script through bashcompinit: one completion logic for both shells.
    return ("#compdef tracker\n# tracker completion for zsh: eval \"$(tracker completion zsh)\" (e.g. in ~/.zshrc)\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + bash(spec, types).split("\n", 1)[1])


def fish(spec: dict[str, list[str]], types: list[str]) -> str:
    names = [n for n in spec if n]
    lines = ["# tracker completion for fish: tracker completion fish > ~/.config/fish/completions/tracker.fish",
             "function __tracker_ids  # proposal or party ids of the store named on the line (--db), else the default",
             "    set -l tokens (commandline -opc)",
             "    set -l db",
             "    set -l i (contains -i -- --db $tokens)",
             "    and set db --db $tokens[(math $i + 1)]",
             "    tracker $db completion fish --list $argv 2>/dev/null",
             "end",
             "complete -c tracker -f",
             f"complete -c tracker -n '__fish_use_subcommand' -a '{' '.join(names)}'"]
    for name in names:
        for option in spec[name]:
            if option.startswith("--"):
                lines.append(f"complete -c tracker -n '__fish_seen_subcommand_from {name}' -l {option[2:]}")
    lines += [
        f"complete -c tracker -n '__fish_seen_subcommand_from template' -a '{' '.join(types)}'",
        "complete -c tracker -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'",
        "complete -c tracker -n '__fish_seen_subcommand_from timeline' -a '(__tracker_ids proposals)'",
        "complete -c tracker -n '__fish_seen_subcommand_from status diff' -l proposal -x -a '(__tracker_ids proposals)'",
        "complete -c tracker -n '__fish_seen_subcommand_from append validate' -F",
        "complete -c tracker -l db -r -F",
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.list:
        print("\n".join(ids(args.list, getattr(args, "db", None))))
        return 0
    print({"bash": bash, "zsh": zsh, "fish": fish}[args.shell](_spec(), _event_types()), end="")
    return 0
