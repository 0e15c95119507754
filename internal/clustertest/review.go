package clustertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
)

// PostReview POSTs an encoded AdmissionReview to a webhook URL, as the API
// server does, and decodes the review that comes back (any status but 200
// is an error naming the body).
func PostReview(c *http.Client, url string, body []byte) (*admissionv1.AdmissionReview, error) {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
	}
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(b, &review); err != nil {
		return nil, fmt.Errorf("decode the review: %w: %s", err, b)
	}
	return &review, nil
}
