# node-needed: with several nodes, a container or shim that says no node.
# The same file with one node needs none (see clean/one-node.mcr); pinned
# ones are near misses.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "unix:///run/core/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1 range 192.168.1.128/25
}

container web { image "nginx:1.27-alpine"; network lan ip 192.168.1.10 }   #! node-needed
shim lan-host { network lan; address 192.168.1.250/32 }                    #! node-needed

container db { node core; image "postgres:16"; network lan ip 192.168.1.11 }
shim lan-core { node core; network lan; address 192.168.1.251/32 }
