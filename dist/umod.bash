# bash completion for umod(8): its commands, each command's options (read
# from its --help, so they stay true), module files, and the host's
# modules where a loaded module is meant.

_umod_loaded()
{
	local host
	[[ $1 ]] && host=--host=$1
	"$umod" lsmod $host 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_umod()
{
	local cur prev words cword split
	_init_completion -s || return

	local umod=${words[0]} cmd i host remove
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--host=*) host=${words[i]#--host=} ;;
		--host) host=${words[i + 1]} ;;
		-r | --remove | --remove-holders) remove=1 ;;
		-*) ;;
		*) [[ $cmd ]] || cmd=${words[i]} ;;
		esac
	done

	if [[ ! $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$umod" --help 2>/dev/null |
				awk '/^Commands:/ { on = 1; next } on && NF { print $1 }')" -- "$cur"))
		fi
		return
	fi

	case $prev in
	--host | --config | -C | --dirname | -d | --basedir | -b | --modprobe | \
		--symvers | -E | --filesyms | -F)
		_filedir
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$umod" "$cmd" --help 2>&1 |
			grep -o -- '--[a-z][a-z-]*=\?' | sort -u)" -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi

	case $cmd in
	insmod | modinfo)
		_filedir '@(ko|ko.gz|ko.xz|ko.zst)'
		;;
	rmmod | param)
		COMPREPLY=($(compgen -W "$(_umod_loaded "$host")" -- "$cur"))
		;;
	modprobe)
		[[ $remove ]] &&
			COMPREPLY=($(compgen -W "$(_umod_loaded "$host")" -- "$cur"))
		;;
	esac
} &&
	complete -F _umod umod
