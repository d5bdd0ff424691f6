#!/bin/sh
# schoolgate-policy(5) from docs/policy.md, with pandoc: the document's first heading becomes the
# DESCRIPTION, its sections the man page's sections, and NAME and SEE ALSO are added around it.
#   debian/man/policy-to-man.sh docs/policy.md OUTPUT.5
set -eu
in=$1 out=$2
{
  printf '# NAME\n\nschoolgate-policy - the school policy file read by schoolgate and schoolgated\n\n'
  printf '# SYNOPSIS\n\n*/etc/schoolgate/hillside.yaml* (the file named by `policy:` in schoolgated.yaml)\n\n'
  # The title becomes DESCRIPTION; the "##" sections become man sections, "###" subsections.
  sed -e '1s/^# .*/# DESCRIPTION/' -e 's/^## /# /' -e 's/^### /## /' "$in"
  printf '\n# SEE ALSO\n\n**schoolgate**(1), **schoolgated**(8); /usr/share/doc/schoolgate/policy.md.gz\n'
} | pandoc --from=markdown-smart --to=man --standalone \
    --metadata=title:SCHOOLGATE-POLICY --metadata=section:5 --metadata=header:"schoolgate" \
    --metadata=footer:"schoolgate" \
  | sed '/^\.TH /a .ad l' > "$out"
# .ad l: left-aligned, not justified; justified, the narrow table columns give groff (and lintian) a
# "cannot adjust line" warning per cell.
[ -s "$out" ] || { echo "policy-to-man: pandoc made nothing" >&2; exit 1; }
