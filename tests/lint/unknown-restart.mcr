# unknown-restart: a restart policy other than no, always, unless-stopped,
# on-failure or on-failure:N. Each valid policy is a near miss.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

container a { image "alpine:3.20"; network lan; restart sometimes }          #! unknown-restart
container b { image "alpine:3.20"; network lan; restart Always }             #! unknown-restart
container c { image "alpine:3.20"; network lan; restart unless_stopped }     #! unknown-restart
container d { image "alpine:3.20"; network lan; restart on-failure:x }       #! unknown-restart
container e { image "alpine:3.20"; network lan; restart on-failure:-1 }      #! unknown-restart
container f { image "alpine:3.20"; network lan; restart on-failure: }        #! unknown-restart
container g {
  image "alpine:3.20"
  network lan
  restart on-failure:3:3                     #! unknown-restart
}

container ok1 { image "alpine:3.20"; network lan; restart no }
container ok2 { image "alpine:3.20"; network lan; restart always }
container ok3 { image "alpine:3.20"; network lan; restart unless-stopped }
container ok4 { image "alpine:3.20"; network lan; restart on-failure }
container ok5 { image "alpine:3.20"; network lan; restart on-failure:5 }
container ok6 { image "alpine:3.20"; network lan; restart on-failure:0 }
