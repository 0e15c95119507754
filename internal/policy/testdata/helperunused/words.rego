package team.words

ref(r) := r.name
