# Nobody imports this one.
package team.unused

x := 1
