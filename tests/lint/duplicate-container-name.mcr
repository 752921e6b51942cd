# duplicate-container-name: two containers with one Docker name, written
# or derived. Near miss: distinct names.

project p
network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a { image "alpine:3.20"; network lan; name "dns" }
container b { image "alpine:3.20"; network lan; name "dns" }   #! duplicate-container-name
container c { image "alpine:3.20"; network lan }
container d { image "alpine:3.20"; network lan; name "p-c" }   #! duplicate-container-name
container e { image "alpine:3.20"; network lan; name "other" }
