"""What the explorer's web server adds to Dash: the request guard (:mod:`.guard`), the security headers
(:mod:`.headers`), the answer store (:mod:`.answers`) and callback requests as the renderer sends them (:mod:`.replay`).
"""
