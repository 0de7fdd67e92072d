"""Required versus planned staff per interval: forecasts in, Erlang and backlog maths, the gap out.

Plain data in and out (no queries), so the same computation serves the pages, the API, the CLI and the
tests. The maths is ``kohtaamo.lib.queueing``; this package only decides what goes into it:

* every channel's queues form one pool of agents (skills-based routing lets the same agents answer the
  channel's queues): volumes add, handle times are volume-weighted;
* voice (phone, in person): Erlang C, or Erlang A with the plan's customer patience, for the plan's
  service-level goal and occupancy cap;
* live chat: the same on an effective AHT for the plan's concurrency;
* email and asynchronous messaging (WhatsApp, SMS, social): each day's inflow is worked within the
  deadline (a moving average of the inflow over the deadline's business days), spread evenly over
  that day's opening hours;
* shrinkage turns agents into scheduled heads; the partner share splits the volume between in-house
  teams and the outsourcing partner, each compared with its own planned heads.

Expected service level at the planned staff shares each group's available agents (heads after
shrinkage) between its queues in proportion to their requirement, evaluates each queue with its share
(fractional agents: the Erlang formulas are continuous in n) and weights by volume.

Submodules, by what each decides: :mod:`.inputs` (what a plan is asked: forecasts, shifts,
assumptions), :mod:`.required` (the staff the forecast needs), :mod:`.planned` (the heads the rota
gives and the service they would deliver) and :mod:`.plan` (the plan put together, and its result).
"""
