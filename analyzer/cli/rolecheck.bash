# bash completion for rolecheck                              -*- shell-script -*-
_rolecheck()
{
  local cur prev words cword cmd i
  _init_completion 2>/dev/null || {
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  }
  cmd=check
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
    check | roles | matrix | rules | explain | baseline | diff)
      cmd=${words[i]}
      break
      ;;
    esac
  done

  case $prev in
  -f | --format)
    case $cmd in
    roles) COMPREPLY=($(compgen -W "text tsv json" -- "$cur")) ;;
    matrix) COMPREPLY=($(compgen -W "text csv json" -- "$cur")) ;;
    rules) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
    diff) COMPREPLY=($(compgen -W "text md json sarif" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "text json sarif junit github azure md html xlsx csv findings-csv fit-csv" -- "$cur")) ;;
    esac
    return
    ;;
  --fail-on)
    COMPREPLY=($(compgen -W "error warning note never" -- "$cur"))
    return
    ;;
  --color)
    COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
    return
    ;;
  --assume)
    COMPREPLY=($(compgen -W "team-member power-apps SP SE CSP CSE FS PO MKT" -- "$cur"))
    return
    ;;
  --source-root)
    COMPREPLY=($(compgen -d -- "$cur"))
    return
    ;;
  -o | --output | --config | --rules | --baseline | --sarif | --junit | --md | --json | \
    --github | --azure | --text | --html | --xlsx | --csv | --findings-csv | --fit-csv)
    COMPREPLY=($(compgen -f -- "$cur"))
    return
    ;;
  --assign | --role | --table | --git | -j | --jobs | --max-*)
    return
    ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "--format --output --fail-on --assume --assign
      --config --no-config --rules --baseline --role --table --ascii --sarif
      --junit --md --json --github --azure --text --html --xlsx --csv
      --findings-csv --fit-csv --source-root --sarif-include-suppressed --force
      --add-new --keep-going --jobs --stats --color --quiet --help --version --git
      --max-entry-size --max-total --max-ratio --max-entries --max-xml-depth
      --max-text --max-roles --max-privileges --max-tables --max-files" -- "$cur"))
    return
  fi
  if ((cword == 1)); then
    COMPREPLY=($(compgen -W "check roles matrix rules explain baseline diff" -- "$cur"))
    COMPREPLY+=($(compgen -f -- "$cur"))
    return
  fi
  case $cmd in
  baseline)
    if [[ ${words[cword - 1]} == baseline ]]; then
      COMPREPLY=($(compgen -W "create update" -- "$cur"))
      return
    fi
    ;;
  explain)
    COMPREPLY=($(compgen -W "$(rolecheck rules --format text 2>/dev/null | awk 'NR > 1 {print $1}')" -- "$cur"))
    return
    ;;
  esac
  COMPREPLY=($(compgen -f -- "$cur"))
} &&
  complete -o filenames -F _rolecheck rolecheck
