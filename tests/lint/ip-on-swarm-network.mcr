# ip-on-swarm-network: a container's static ip, ip6 or mac on a network a
# service is on. The same container without them, and with a static
# address on a network no service uses, are near misses.

node m1 { docker "unix:///run/m1/docker.sock" }
node m2 { docker "unix:///run/m2/docker.sock" }

network lan {
  parent eth0
  subnet 192.168.1.0/24 gateway 192.168.1.1 range 192.168.1.128/25
  subnet fd00:1::/64 gateway fd00:1::1
}
network other {
  parent eth1
  subnet 192.168.2.0/24 gateway 192.168.2.1 range 192.168.2.128/25
}

service api { image "traefik/whoami:v1.10"; replicas 2; network lan }

container a { node m1; image "alpine:3.20"; network lan ip 192.168.1.10 }                 #! ip-on-swarm-network
container b { node m2; image "alpine:3.20"; network lan { ip6 fd00:1::10 }; gateway lan }  #! ip-on-swarm-network
container c { node m2; image "alpine:3.20"; network lan mac 02:42:c0:a8:01:0c }           #! ip-on-swarm-network
container ok1 { node m1; image "alpine:3.20"; network lan }
container ok2 { node m1; image "alpine:3.20"; network other ip 192.168.2.10; network lan; gateway other }
