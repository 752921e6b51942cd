# unknown-node: a container, shim, parent or range naming a node the file
# does not declare (a typo gets a suggestion). Declared nodes are near
# misses.

node edge { docker "unix:///run/edge/docker.sock" }
node core { docker "ssh://admin@10.0.0.2" }

network lan {
  parent eth0
  parent enp3s0 on coer                     #! unknown-node
  subnet 192.168.1.0/24 {
    gateway 192.168.1.1
    range 192.168.1.128/26 on edge
    range 192.168.1.192/26 on core
    range 192.168.1.64/27 on cloud          #! unknown-node
  }
}

container web { node egde; image "nginx:1.27-alpine"; network lan ip 192.168.1.10 }   #! unknown-node node-needed
container db { node core; image "postgres:16"; network lan ip 192.168.1.11 }
shim lan-host { node edge; network lan; address 192.168.1.250/32 }
