package main

// The scripts follow urfave/cli v2's autocomplete/ directory
// (bash_autocomplete, zsh_autocomplete, powershell_autocomplete.ps1), with
// the program name fixed to meshlint and two changes: bash works without
// the bash-completion package (COMP_WORDS when _init_completion is
// missing), and no script asks meshlint once the words hold "--" (after
// it urfave/cli stops answering and would run the command instead: help.go
// checkShellCompleteFlag), so paths complete as files there.

const bashCompletion = `# bash completion for meshlint: source <(meshlint completion bash)
_meshlint_bash_autocomplete() {
  local cur opts requestComp cword w
  local -a words
  COMPREPLY=()
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -n "=:" || return
  else
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur="${COMP_WORDS[COMP_CWORD]}"
  fi
  words=("${words[@]:0:$cword}")
  for w in "${words[@]}"; do
    [[ "$w" == "--" ]] && return 0
  done
  if [[ "$cur" == "-"* ]]; then
    requestComp="${words[*]} ${cur} ` + completionFlag + `"
  else
    requestComp="${words[*]} ` + completionFlag + `"
  fi
  opts=$(eval "${requestComp}" 2>/dev/null)
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  return 0
}
complete -o bashdefault -o default -F _meshlint_bash_autocomplete meshlint
`

const zshCompletion = `#compdef meshlint
# zsh completion for meshlint: source <(meshlint completion zsh), after compinit

_meshlint_zsh_autocomplete() {
  local -a opts
  local cur
  cur=${words[-1]}
  if (( ${words[(I)--]} )); then
    _files
    return
  fi
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} ` + completionFlag + ` 2>/dev/null)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ` + completionFlag + ` 2>/dev/null)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

compdef _meshlint_zsh_autocomplete meshlint
`

const powershellCompletion = `# PowerShell completion for meshlint: meshlint completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName meshlint -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = $commandAst.CommandElements | ForEach-Object { $_.ToString() }
    if ($words -contains '--') { return }
    $line = $commandAst.ToString()
    if ($wordToComplete -ne '' -and $wordToComplete -notlike '-*') {
        $line = $line.Substring(0, $line.Length - $wordToComplete.Length)
    }
    Invoke-Expression "$line ` + completionFlag + `" | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`
