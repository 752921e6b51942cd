# A file of comments and blank lines only is a valid, empty topology.

   # an indented comment
;;
# `;` alone ends nothing: still clean
