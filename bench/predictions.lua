-- The body of every POST /predictions in the load run: a planned 3B model at 25 % depth pruning,
-- five token counts (two of them beyond the family's data, so the warning path is measured too).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = '{"paramsBefore":3210000000,"pruningRate":0.25,"lossBefore":2.12,' ..
           '"tokens":[100000000,250000000,500000000,1000000000,2000000000]}'
