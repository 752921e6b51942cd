# bridge-parent: a parent on a bridge network, a shim on one. Near miss:
# a bridge without either.

network web { driver bridge; parent eth1 }   #! bridge-parent
network ok { driver bridge; subnet 172.31.9.0/24 }
shim br-host { network ok; address 172.31.9.250/32 }   #! bridge-parent
container a { image "alpine:3.20"; network web; network ok }
