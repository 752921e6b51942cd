# Recipe 1, as written: a macvlan network created with no options at all.
#
#   docker network create -d macvlan net-mv1
#
# Transcribed literally: a network with no parent, no subnet and no gateway,
# and (since `docker network create` starts nothing) no container on it.
#
# Expect: no-parent, unused-network
#
# `macrame lint` reports two warnings and no error:
#   no-parent       the network is not internal but names no parent; Docker
#                   gives it a dummy link and makes it internal, so the
#                   containers on it reach nothing outside the host.
#   unused-network  no container or shim uses net-mv1.
# No subnet is declared, so `missing-gateway` does not apply (Docker picks a
# subnet from its default pools).
#
# See 01-no-options.fixed.mcr for a version that lints clean.

network net-mv1 {}
