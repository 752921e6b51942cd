# Volumes and mounts docker-compose reads otherwise unless written long.
project volumes

network a { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
volume plain
volume local { driver local }
volume labelled { label z = "1" }
volume elsewhere { external; name "a.b"; label q = "1" }
container x {
  image "alpine:3.20"
  volume plain:/1
  volume local:/2
  volume labelled:/3
  volume elsewhere:/4:ro
  volume /anonymous:ro
  volume /scratch
  volume ./conf:/conf:ro
  health { interval 1500ms; retries 2 }
  network a
}
container built {
  build "./ctx"
  network a ip 10.1.0.9
}
