# publish-needs-bridge: ports published by a container on macvlan alone.
# Near miss: a container on macvlan and a bridge.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network web { driver bridge }
container a {
  image "nginx:1.27-alpine"
  network lan ip 10.1.0.10
  publish 8080:80                            #! publish-needs-bridge
  publish 8443:443
}
container b {
  image "nginx:1.27-alpine"
  network lan ip 10.1.0.11
  network web
  gateway lan
  publish 8081:80
}
